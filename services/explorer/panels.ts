/**
 * The explorer's panels as JSON: figures (each linked to the account or transaction it comes
 * from), tables (each exportable as CSV) and chart series. Event figures come from the index;
 * live figures (the mint's supply, the price feed) from the chain. Amounts are decimal strings of
 * base units with their decimals, formatted by the page.
 */
import { PublicKey } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM_ID, unpackMint } from "@solana/spl-token";
import {
  buybackConfigKey,
  capHour,
  cumulativeEmission,
  decodePriceFeed,
  emissionKey,
  governanceConfigKey,
  iosdStateKey,
  ioMintKey,
  jobsConfigKey,
  priceFeedKey,
  stakingConfigKey,
  VoteChoice,
} from "../../sdk/src";
import { Chain } from "../../cli/chain";
import { EventRow, IndexStore } from "../indexer/store";
import { EventValue } from "../indexer/decode";
import { BURN_CAUSES, burnOf, SUPPLY_BURNS, supplyIdentityOf } from "./supply";

/** A figure: a value (base units with `decimals`, or a plain count) and where it comes from. */
export interface Figure {
  id: string;
  label: string;
  value: string;
  decimals: number;
  unit: string;
  link: Link;
}

export type Link = { kind: "tx"; id: string } | { kind: "account"; id: string } | null;

export interface Cell {
  text: string;
  link?: Link;
}

export interface Table {
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** All the table's rows; `rows` may hold only the latest (the JSON API caps them; CSV has all). */
  total?: number;
}

/** The page shows at most this many of a table's rows (the latest); its CSV has every row. */
export const SHOWN_ROWS = 500;

/** `panel` with each table cut to its latest `max` rows (`total` says how many there are). */
export function capRows(panel: Panel, max = SHOWN_ROWS): Panel {
  return { ...panel, tables: panel.tables.map((t) => ({ ...t, total: t.total ?? t.rows.length, rows: t.rows.length > max ? t.rows.slice(t.rows.length - max) : t.rows })) };
}

export interface Series {
  id: string;
  title: string;
  /** x: unix seconds; each y series has its label. */
  x: number[];
  ys: { label: string; values: (number | null)[] }[];
}

export interface Panel {
  id: string;
  title: string;
  figures: Figure[];
  tables: Table[];
  series: Series[];
  alarm?: { ok: boolean | null; message: string };
}

const IO = 8;
const USD = 6;
const CURRENCIES = ["USDC", "IO", "IOSD"];
const CURRENCY_DECIMALS = [6, 8, 6];

const big = (v: EventValue | undefined): bigint => BigInt(String(v ?? "0"));
const sum = (events: readonly EventRow[], field: string) => events.reduce((a, e) => a + big(e.data[field]), 0n);
const acct = (k: PublicKey): Link => ({ kind: "account", id: k.toBase58() });
const txLink = (sig: string): Link => ({ kind: "tx", id: sig });
const time = (e: EventRow): Cell => ({ text: e.blockTime === null ? "" : new Date(e.blockTime * 1000).toISOString().replace(".000Z", "Z"), link: txLink(e.signature) });
const amount = (v: EventValue | bigint | undefined, decimals: number): Cell => ({ text: formatUnits(BigInt(String(v ?? "0")), decimals) });
const key = (v: EventValue | undefined): Cell => ({ text: String(v ?? ""), link: { kind: "account", id: String(v ?? "") } });
const plain = (v: EventValue | number | string | undefined): Cell => ({ text: String(v ?? "") });

/** Base units as a decimal string with `decimals` places. */
export function formatUnits(v: bigint, decimals: number): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(decimals + 1, "0");
  const whole = s.slice(0, s.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${whole}${decimals ? "." + s.slice(s.length - decimals) : ""}`;
}

function figure(id: string, label: string, value: bigint | number, decimals: number, unit: string, link: Link): Figure {
  return { id, label, value: value.toString(), decimals, unit, link };
}

export interface ExplorerData {
  store: IndexStore;
  chain: Chain;
  /** Build at most this many (the latest) rows of a long table (the JSON API); none: every row (CSV). */
  rowLimit?: number;
}

async function mintSupply(chain: Chain): Promise<bigint> {
  const [mint] = ioMintKey();
  const info = await chain.getAccount(mint);
  if (!info) throw new Error("no IO mint on this chain");
  return unpackMint(mint, info, TOKEN_2022_PROGRAM_ID).supply;
}

export async function supplyPanel({ store, chain, rowLimit }: ExplorerData): Promise<Panel> {
  const identity = await supplyIdentityOf(store, await mintSupply(chain));
  const t = identity.totals;
  const [mint] = ioMintKey();
  const [emission] = emissionKey();
  const genesisEvent = (await store.events({ names: ["initialized"], program: "io_token" }))[0];
  const startTs = genesisEvent ? Number(genesisEvent.data.genesisTs) : identity.hours[0]?.hour ?? 0;
  const genesis = BigInt(t.genesis);
  // The schedule: genesis + C(h) at every month start to the cap (and the cap hour itself).
  const x: number[] = [];
  const schedule: (number | null)[] = [];
  const actual: (number | null)[] = [];
  // Millions of IO (to 0.01 IO), so the axis labels stay short.
  const toIo = (v: bigint) => Number(v / 10n ** 6n) / 100 / 1e6;
  const cap = capHour();
  for (let h = 0; h < cap; h += 730) {
    x.push(startTs + h * 3_600);
    schedule.push(toIo(genesis + BigInt(cumulativeEmission(h).toString())));
    actual.push(null);
  }
  x.push(startTs + cap * 3_600);
  schedule.push(toIo(genesis + BigInt(cumulativeEmission(cap).toString())));
  actual.push(null);
  // The actual supply at each indexed hour, merged in time order.
  const points = identity.hours.map((h) => ({ x: h.hour + 3_599, y: toIo(BigInt(h.supply)) }));
  const merged = [...x.map((xi, i) => ({ x: xi, s: schedule[i], a: null as number | null })), ...points.map((p) => ({ x: p.x, s: null as number | null, a: p.y }))].sort((a, b) => a.x - b.x);
  const alarmText =
    identity.ok === null
      ? "the genesis is not indexed: nothing to check"
      : identity.ok
        ? "genesis + emitted + re-minted − burned = the mint's supply, at every check"
        : `MISMATCH: ${identity.mismatches.map((m) => `${m.what} at ${m.at}: expected ${formatUnits(BigInt(m.expected), IO)}, chain ${formatUnits(BigInt(m.observed), IO)}`).join("; ")}`;
  return {
    id: "supply",
    title: "IO supply against the emission schedule",
    alarm: { ok: identity.ok, message: alarmText },
    figures: [
      figure("supply.chain", "IO supply (mint)", BigInt(identity.chainSupply), IO, "IO", acct(mint)),
      figure("supply.computed", "genesis + emitted + re-minted − burned", BigInt(t.computed), IO, "IO", acct(mint)),
      figure("supply.genesis", "genesis", genesis, IO, "IO", genesisEvent ? txLink(genesisEvent.signature) : null),
      figure("supply.emitted", "emitted", BigInt(t.emitted), IO, "IO", acct(emission)),
      figure("supply.reminted", "re-minted", BigInt(t.reminted), IO, "IO", acct(emission)),
      figure("supply.burned", "burned", BigInt(t.burnedTotal), IO, "IO", acct(mint)),
      figure("supply.cap", "supply at the cap (schedule)", genesis + BigInt(cumulativeEmission(cap).toString()), IO, "IO", acct(emission)),
    ],
    tables: [
      {
        id: "hours",
        title: "The identity, hour by hour (hours with supply events)",
        columns: ["hour", "emitted", "re-minted", ...SUPPLY_BURNS.map((c) => (c === "holders" ? "burned by holders (inferred)" : `burned (${c})`)), "computed supply", "chain's supply", "from", "check"],
        total: identity.hours.length,
        // (20 years are 175,200 hours: formatting every row for a page that shows 500 is most of the work)
        rows: (rowLimit === undefined ? identity.hours : identity.hours.slice(-rowLimit)).map((h) => [
          plain(new Date(h.hour * 1000).toISOString().replace(":00.000Z", "Z")),
          amount(h.emitted, IO),
          amount(h.reminted, IO),
          ...SUPPLY_BURNS.map((c) => amount(h.burned[c], IO)),
          amount(h.supply, IO),
          h.observed === null ? plain("") : amount(h.observed, IO),
          h.observedAt === null ? plain("") : h.observedAt === "mint account" ? { text: "mint account", link: acct(mint) } : { text: h.observedAt, link: txLink(h.observedAt) },
          plain(h.ok === null ? "" : h.ok ? "ok" : "MISMATCH"),
        ]),
      },
    ],
    series: [{ id: "supply", title: "IO supply, millions: schedule (genesis + emissions to the 800M cap) and actual", x: merged.map((m) => m.x), ys: [{ label: "schedule", values: merged.map((m) => m.s) }, { label: "actual", values: merged.map((m) => m.a) }] }],
  };
}

export async function burnsPanel({ store }: ExplorerData): Promise<Panel> {
  const events = await store.events({ names: ["iosdMinted", "lotBought", "ioFeesBurned", "slashUpdate", "emissionsMinted"] });
  const burns = events.map((e) => ({ e, b: burnOf(e) })).filter((x) => x.b !== null);
  const byCause = (c: string) => burns.filter((x) => x.b!.cause === c).reduce((a, x) => a + x.b!.amount, 0n);
  const remints = events.filter((e) => e.name === "emissionsMinted" && big(e.data.reminted) > 0n);
  const [mint] = ioMintKey();
  const [emission] = emissionKey();
  const links: Record<string, Link> = { iosd: acct(iosdStateKey()[0]), buyback: acct(buybackConfigKey()[0]), fees: acct(jobsConfigKey()[0]), slashing: acct(stakingConfigKey()[0]) };
  return {
    id: "burns",
    title: "IO burned by cause, and re-minted",
    figures: [
      ...BURN_CAUSES.map((c) => figure(`burns.${c}`, `burned: ${c}`, byCause(c), IO, "IO", links[c])),
      figure("burns.total", "burned in total", burns.reduce((a, x) => a + x.b!.amount, 0n), IO, "IO", acct(mint)),
      figure("burns.reminted", "re-minted (net emissions)", sum(remints, "reminted"), IO, "IO", acct(emission)),
    ],
    tables: [
      { id: "burns", title: "Burns", columns: ["time", "cause", "IO burned", "program"], rows: burns.map(({ e, b }) => [time(e), plain(b!.cause), amount(b!.amount, IO), plain(e.program)]) },
      { id: "remints", title: "Re-mints (by the crank)", columns: ["time", "hour", "IO re-minted"], rows: remints.map((e) => [time(e), plain(e.data.hour), amount(e.data.reminted, IO)]) },
    ],
    series: [],
  };
}

export async function iosdPanel({ store }: ExplorerData): Promise<Panel> {
  const minted = await store.events({ names: ["iosdMinted"] });
  const held = await store.events({ names: ["iosdHeld"] });
  const released = await store.events({ names: ["iosdReleased"] });
  const state = acct(iosdStateKey()[0]);
  return {
    id: "iosd",
    title: "IOSD minted and spent",
    figures: [
      figure("iosd.minted", "IOSD minted", sum(minted, "iosdMinted"), USD, "IOSD", state),
      figure("iosd.ioBurned", "IO burned for it", sum(minted, "ioBurned"), IO, "IO", state),
      figure("iosd.spent", "IOSD spent on jobs (held)", sum(held, "amount"), USD, "IOSD", state),
      figure("iosd.released", "IOSD released to nodes", sum(released, "amount"), USD, "IOSD", state),
    ],
    tables: [
      {
        id: "minted",
        title: "IOSD mints",
        columns: ["time", "user", "IO burned", "IOSD minted", "IO/USD", "conservative"],
        rows: minted.map((e) => [time(e), key(e.data.user), amount(e.data.ioBurned, IO), amount(e.data.iosdMinted, USD), amount(e.data.price, 8), amount(e.data.conservativePrice, 8)]),
      },
    ],
    series: [],
  };
}

export async function jobsPanel({ store }: ExplorerData): Promise<Panel> {
  const opened = await store.events({ names: ["jobOpened"] });
  const settled = await store.events({ names: ["jobSettled"] });
  const refunded = await store.events({ names: ["jobRefunded"] });
  const claimedEarnings = await store.events({ names: ["earningsClaimed"] });
  const config = acct(jobsConfigKey()[0]);
  const feesIn = (c: number) => settled.filter((e) => Number(e.data.currency) === c).reduce((a, e) => a + big(e.data.fees), 0n);
  return {
    id: "jobs",
    title: "Jobs and fees",
    figures: [
      figure("jobs.opened", "jobs opened", opened.length, 0, "", config),
      figure("jobs.settled", "jobs settled", settled.length, 0, "", config),
      figure("jobs.refunded", "jobs refunded", refunded.length, 0, "", config),
      ...CURRENCIES.map((c, i) => figure(`jobs.fees.${c}`, `fees in ${c}`, feesIn(i), CURRENCY_DECIMALS[i], c, config)),
    ],
    tables: [
      {
        id: "settled",
        title: "Settled jobs",
        columns: ["time", "job", "node", "currency", "hours", "supplier", "refund", "fees", "token share"],
        rows: settled.map((e) => {
          const c = Number(e.data.currency);
          const d = CURRENCY_DECIMALS[c] ?? 0;
          return [time(e), key(e.data.job), key(e.data.node), plain(CURRENCIES[c] ?? String(c)), plain(e.data.servedHours), amount(e.data.supplier, d), amount(e.data.refund, d), amount(e.data.fees, d), amount(e.data.buyback, d)];
        }),
      },
      {
        id: "nodes",
        title: "Nodes' earnings (settled to them, and claimed), by currency",
        columns: ["node", "currency", "jobs settled", "earned", "claimed"],
        rows: nodeEarnings(settled, claimedEarnings),
      },
      {
        id: "opened",
        title: "Opened jobs",
        columns: ["time", "job", "user", "node", "currency", "hours", "payment"],
        rows: opened.map((e) => {
          const c = Number(e.data.currency);
          return [time(e), key(e.data.job), key(e.data.user), key(e.data.node), plain(CURRENCIES[c] ?? String(c)), plain(e.data.hours), amount(e.data.payment, CURRENCY_DECIMALS[c] ?? 0)];
        }),
      },
    ],
    series: [],
  };
}

/** Per node and currency: jobs settled, what they earned (the supplier share) and what was claimed. */
function nodeEarnings(settled: readonly EventRow[], claimed: readonly EventRow[]): Cell[][] {
  const rows = new Map<string, { node: string; currency: number; jobs: number; earned: bigint; claimed: bigint }>();
  const row = (node: string, currency: number) => {
    const k = `${node}:${currency}`;
    const r = rows.get(k) ?? { node, currency, jobs: 0, earned: 0n, claimed: 0n };
    rows.set(k, r);
    return r;
  };
  for (const e of settled) {
    const r = row(String(e.data.node), Number(e.data.currency));
    r.jobs++;
    r.earned += big(e.data.supplier);
  }
  for (const e of claimed) row(String(e.data.node), Number(e.data.currency)).claimed += big(e.data.amount);
  return [...rows.values()].map((r) => [key(r.node), plain(CURRENCIES[r.currency] ?? String(r.currency)), plain(r.jobs), amount(r.earned, CURRENCY_DECIMALS[r.currency] ?? 0), amount(r.claimed, CURRENCY_DECIMALS[r.currency] ?? 0)]);
}

export async function buybackPanel({ store }: ExplorerData): Promise<Panel> {
  const started = await store.events({ names: ["lotStarted"] });
  const bought = await store.events({ names: ["lotBought"] });
  const config = acct(buybackConfigKey()[0]);
  return {
    id: "buyback",
    title: "Buyback lots and IO burned",
    figures: [
      figure("buyback.lots", "lots started", started.length, 0, "", config),
      figure("buyback.usdcSold", "USDC sold", sum(bought, "usdc"), USD, "USDC", config),
      figure("buyback.ioBurned", "IO burned", sum(bought, "ioBurned"), IO, "IO", config),
    ],
    tables: [
      { id: "lots", title: "Lots", columns: ["time", "lot", "size (USDC)", "start rate (IO per $1)", "floor rate"], rows: started.map((e) => [time(e), plain(e.data.lotId), amount(e.data.lotSize, USD), amount(e.data.startRate, IO), amount(e.data.floorRate, IO)]) },
      {
        id: "buys",
        title: "Buys",
        columns: ["time", "lot", "buyer", "USDC", "IO burned", "rate", "IO/USD", "supply after"],
        rows: bought.map((e) => [time(e), plain(e.data.lotId), key(e.data.buyer), amount(e.data.usdc, USD), amount(e.data.ioBurned, IO), amount(e.data.rate, IO), amount(e.data.price, 8), amount(e.data.supplyAfter, IO)]),
      },
    ],
    series: [],
  };
}

export async function epochsPanel({ store }: ExplorerData): Promise<Panel> {
  const closed = await store.events({ names: ["epochClosed"] });
  const claimed = await store.events({ names: ["claimed"] });
  const config = acct(stakingConfigKey()[0]);
  return {
    id: "epochs",
    title: "Epochs and rewards",
    figures: [
      figure("epochs.closed", "epochs closed", closed.length, 0, "", config),
      figure("epochs.rewards", "rewards distributed", sum(closed, "rewards") - sum(closed, "carried"), IO, "IO", config),
      figure("epochs.claimed", "rewards claimed", sum(claimed, "amount"), IO, "IO", config),
    ],
    tables: [
      {
        id: "epochs",
        title: "Closed epochs",
        columns: ["time", "epoch", "rewards", "availability", "compute", "carried"],
        rows: closed.map((e) => [time(e), plain(e.data.epoch), amount(e.data.rewards, IO), amount(e.data.availability, IO), amount(e.data.compute, IO), amount(e.data.carried, IO)]),
      },
      { id: "claims", title: "Claims (stakers' and operators' shares)", columns: ["time", "participant", "staker", "IO"], rows: claimed.map((e) => [time(e), key(e.data.participant), key(e.data.staker), amount(e.data.amount, IO)]) },
      { id: "stakers", title: "Earnings by staker (claimed, all participants)", columns: ["staker", "claims", "IO claimed", "last claim"], rows: stakerEarnings(claimed) },
    ],
    series: [],
  };
}

/** Per staker: how many claims, the IO claimed in total, and the last claim's transaction. */
function stakerEarnings(claimed: readonly EventRow[]): Cell[][] {
  const rows = new Map<string, { claims: number; total: bigint; last: EventRow }>();
  for (const e of claimed) {
    const k = String(e.data.staker);
    const r = rows.get(k) ?? { claims: 0, total: 0n, last: e };
    r.claims++;
    r.total += big(e.data.amount);
    r.last = e;
    rows.set(k, r);
  }
  return [...rows.entries()].map(([staker, r]) => [key(staker), plain(r.claims), amount(r.total, IO), time(r.last)]);
}

export async function oraclePanel({ store, chain }: ExplorerData): Promise<Panel> {
  const [feedKey] = priceFeedKey();
  const info = await chain.getAccount(feedKey);
  const now = await chain.unixTime();
  const accepted = await store.events({ names: ["priceAccepted"] });
  const figures: Figure[] = [];
  if (info) {
    const feed = decodePriceFeed(info);
    figures.push(
      figure("oracle.price", "IO/USD", BigInt(feed.price.toString()), 8, "USD", acct(feedKey)),
      figure("oracle.confidence", "confidence ±", BigInt(feed.confidence.toString()), 8, "USD", acct(feedKey)),
      figure("oracle.age", "age (s)", Math.max(0, now - feed.publishTs.toNumber()), 0, "s", acct(feedKey)),
      figure("oracle.healthy", "healthy (1 yes, 0 no)", feed.healthy ? 1 : 0, 0, "", acct(feedKey)),
    );
  }
  return {
    id: "oracle",
    title: "The oracle price",
    figures,
    tables: [{ id: "accepted", title: "Accepted prices", columns: ["time", "IO/USD", "confidence", "published", "submissions"], rows: accepted.map((e) => [time(e), amount(e.data.price, 8), amount(e.data.confidence, 8), plain(new Date(Number(e.data.publishTs) * 1000).toISOString()), plain(e.data.submissions)]) }],
    series: [{ id: "price", title: "IO/USD accepted", x: accepted.map((e) => Number(e.data.publishTs)), ys: [{ label: "price", values: accepted.map((e) => Number(big(e.data.price)) / 1e8) }, { label: "confidence", values: accepted.map((e) => Number(big(e.data.confidence)) / 1e8) }] }],
  };
}

export async function governancePanel({ store }: ExplorerData): Promise<Panel> {
  const proposed = await store.events({ names: ["proposed"], program: "io_governance" });
  const votes = await store.events({ names: ["voteCast"] });
  const fates = await store.events({ names: ["proposalQueued", "proposalExecuted", "proposalCancelled", "proposalVetoed"] });
  // io_governance's choices (VoteChoice): 0 no, 1 yes, 2 abstain.
  const CHOICES = ["no", "yes", "abstain"];
  return {
    id: "governance",
    title: "Governance proposals and votes",
    figures: [figure("governance.proposals", "proposals", proposed.length, 0, "", acct(governanceConfigKey()[0])), figure("governance.votes", "votes cast", votes.length, 0, "", acct(governanceConfigKey()[0]))],
    tables: [
      {
        id: "proposals",
        title: "Proposals",
        columns: ["time", "proposal", "index", "action", "value", "power yes", "power no", "status"],
        rows: proposed.map((e) => {
          const mine = votes.filter((v) => v.data.proposal === e.data.proposal);
          const power = (c: number) => mine.filter((v) => Number(v.data.choice) === c).reduce((a, v) => a + big(v.data.power), 0n);
          const last = fates.filter((f) => f.data.proposal === e.data.proposal).pop();
          return [time(e), key(e.data.proposal), plain(e.data.index), plain(e.data.action), plain(e.data.value), amount(power(VoteChoice.Yes), IO), amount(power(VoteChoice.No), IO), plain(last ? last.name.replace("proposal", "").toLowerCase() : "voting")];
        }),
      },
      { id: "votes", title: "Votes", columns: ["time", "proposal", "voter", "choice", "power"], rows: votes.map((e) => [time(e), key(e.data.proposal), key(e.data.voter), plain(CHOICES[Number(e.data.choice)] ?? String(e.data.choice)), amount(e.data.power, IO)]) },
    ],
    series: [],
  };
}

export async function reservesPanel({ store }: ExplorerData): Promise<Panel> {
  const proofs = await store.events({ names: ["reservesProven"] });
  const latest = new Map<string, EventRow>();
  for (const e of proofs) latest.set(`${e.program}:${String(e.data.vault)}`, e);
  const rows = [...latest.values()];
  return {
    id: "reserves",
    title: "The latest proofs of reserves",
    figures: [figure("reserves.vaults", "vaults proven", rows.length, 0, "", rows.length ? txLink(rows[rows.length - 1].signature) : null)],
    tables: [
      {
        id: "reserves",
        title: "Latest proof per vault (base units)",
        columns: ["time", "program", "vault", "balance", "obligations", "surplus"],
        rows: rows.map((e) => [time(e), plain(e.program), key(e.data.vault), plain(e.data.balance), plain(e.data.obligations), plain(e.data.surplus)]),
      },
    ],
    series: [],
  };
}

export const PANELS: Record<string, (d: ExplorerData) => Promise<Panel>> = {
  supply: supplyPanel,
  burns: burnsPanel,
  iosd: iosdPanel,
  jobs: jobsPanel,
  buyback: buybackPanel,
  epochs: epochsPanel,
  oracle: oraclePanel,
  governance: governancePanel,
  reserves: reservesPanel,
};

/** A table as CSV (RFC 4180: every field quoted, quotes doubled). */
export function toCsv(table: Table): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [table.columns.map(q).join(","), ...table.rows.map((r) => r.map((c) => q(c.text)).join(","))].join("\r\n") + "\r\n";
}
