/**
 * Proofs of reserves on the real .so files: io_token's and io_staking's `prove_reserves` through
 * realistic lifecycles (vesting claims, airdrop claims and close, IOSD paid into a job; stake,
 * unstake, withdraw, claims plain and compounding across epochs, a slash), each proof checked
 * against obligations computed here from the accounts, to the base unit; then each vault made
 * short (its token account rewritten) and the substitutions an attacker would try.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { createTransferCheckedInstruction, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import {
  addBeneficiaryInstruction,
  airdropKey,
  airdropVaultKey,
  attestAvailabilityInstruction,
  bucketAmount,
  BUCKETS,
  buildAirdropTree,
  claimAirdropInstruction,
  claimInstruction,
  claimVestedInstruction,
  closeAirdropInstruction,
  closeEpochInstruction,
  configKey,
  createAirdropInstruction,
  crankInstruction,
  Currency,
  decodeAirdrop,
  decodeIosdState,
  decodeTokenConfig,
  decodeVestingGrant,
  executeSlashInstruction,
  grantKey,
  iosdMintKey,
  iosdStateKey,
  ioMintKey,
  lockGenesisInstruction,
  MONTH_HOURS,
  parseAirdropCsv,
  parseIoStakingEvents,
  parseIoTokenEvents,
  positionKey,
  proveReservesInstruction,
  proveStakingReservesInstruction,
  ReservesProof,
  reservesProofs,
  rewardsVaultKey,
  stakeVaultKey,
  stakingConfigKey,
  unstakeInstruction,
  vaultKey,
  voteSlashInstruction,
  withdrawInstruction,
} from "../sdk/src";
import { expectError, expectOk, TxResult } from "./harness";
import { IO } from "./jobs-world";
import { DAY, StakeNode, StakingWorld } from "./staking-world";

const big = (b: BN) => BigInt(b.toString());
const MONTH = MONTH_HOURS * 3_600;

/** The proofs of a successful prove_reserves, by vault. */
function proofsOf(res: TxResult, parse: (logs: string[]) => ReturnType<typeof parseIoTokenEvents>): Map<string, ReservesProof> {
  const ok = expectOk(res);
  return new Map(reservesProofs(parse(ok.logs)).map((p) => [p.vault.toBase58(), p]));
}

/** Asserts a proof's figures, and that surplus = balance - obligations. */
function expectProof(p: ReservesProof | undefined, balance: bigint, obligations: bigint, label: string) {
  expect(p, label).to.not.equal(undefined);
  expect(big(p!.balance), `${label} balance`).to.equal(balance);
  expect(big(p!.obligations), `${label} obligations`).to.equal(obligations);
  expect(big(p!.surplus), `${label} surplus`).to.equal(balance - obligations);
}

/** Rewrites a token account's amount (bytes 64..72), or a mint's supply (36..44). */
function rewrite(w: StakingWorld, key: PublicKey, offset: number, value: bigint) {
  const info = w.chain.account(key)!;
  const data = Buffer.from(info.data);
  data.writeBigUInt64LE(value, offset);
  w.chain.setAccount(key, { data, owner: info.owner, lamports: BigInt(info.lamports) });
}

describe("proof of reserves", () => {
  let w: StakingWorld;

  beforeEach(() => {
    w = new StakingWorld();
  });

  describe("io_token", () => {
    const prove = (airdropIds: number[] = []) => w.chain.send([proveReservesInstruction({ airdropIds })], [w.chain.payer]);
    const vaults = BUCKETS.map((b) => vaultKey(b.index)[0]);
    const named = (airdropIds: number[]) => [
      configKey()[0],
      iosdStateKey()[0],
      iosdMintKey()[0],
      ...vaults,
      ...airdropIds.flatMap((id) => [airdropKey(id)[0], airdropVaultKey(id)[0]]),
    ];

    /** Grants, by bucket, with their beneficiaries. */
    let grants: { bucket: number; wallet: Keypair; amount: BN }[];
    /** Airdrop 1: wallets and amounts. */
    let drop: { wallet: Keypair; amount: BN; proof: Buffer[] }[];

    function setup() {
      const admin = w.jobs.admin;
      grants = [
        { bucket: 0, wallet: Keypair.generate(), amount: IO.muln(1_000_000).addn(7) },
        { bucket: 0, wallet: Keypair.generate(), amount: IO.muln(250_000) },
        { bucket: 1, wallet: Keypair.generate(), amount: IO.muln(3_000_000).addn(1) },
        { bucket: 2, wallet: Keypair.generate(), amount: IO.muln(36).addn(5) },
      ];
      for (const g of grants) {
        w.jobs.funded(g.wallet);
        expectOk(w.chain.send([addBeneficiaryInstruction({ admin: admin.publicKey, bucket: g.bucket, beneficiary: g.wallet.publicKey, amount: g.amount })], [admin]));
      }
      expectOk(w.chain.send([lockGenesisInstruction({ admin: admin.publicKey })], [admin]));
      const wallets = [0, 1, 2].map(() => w.jobs.funded(Keypair.generate()));
      const amounts = [IO.muln(10), IO.muln(20).addn(3), IO.muln(30)];
      const csv = ["wallet,amount", ...wallets.map((x, i) => `${x.publicKey.toBase58()},${amounts[i].toString()}`)].join("\n");
      const tree = buildAirdropTree(parseAirdropCsv(csv));
      const deadline = new BN((w.chain.now() + 30n * 86_400n).toString());
      expectOk(w.chain.send([createAirdropInstruction({ admin: admin.publicKey, id: 1, root: tree.root, total: tree.total, deadline })], [admin]));
      drop = wallets.map((wallet, i) => ({ wallet, amount: amounts[i], proof: tree.proofs.get(wallet.publicKey.toBase58())! }));
    }

    /** Proves, and checks every proof against obligations computed here from the accounts. */
    function check(airdropIds: number[] = [1]): Map<string, ReservesProof> {
      const proofs = proofsOf(prove(airdropIds), parseIoTokenEvents);
      expect(proofs.size).to.equal(5 + airdropIds.length + 1);
      for (const b of BUCKETS) {
        // What the bucket's grants have not claimed, read from each grant account
        let owed = 0n;
        let granted = 0n;
        for (const g of grants.filter((g) => g.bucket === b.index)) {
          const grant = decodeVestingGrant(w.chain.account(grantKey(b.index, g.wallet.publicKey)[0])!);
          owed += big(grant.amount) - big(grant.claimed);
          granted += big(grant.amount);
        }
        const balance = big(w.jobs.balance(vaults[b.index]));
        expectProof(proofs.get(vaults[b.index].toBase58()), balance, owed, `bucket ${b.index}`);
        // The config's running total of claims agrees with the grants
        if (b.index <= 2) {
          const config = decodeTokenConfig(w.chain.account(configKey()[0])!);
          const counted = [config.claimedSeed, config.claimedSeriesA, config.claimedCoreContributors][b.index];
          expect(big(counted), `bucket ${b.index} claimed`).to.equal(granted - owed);
        }
        // A vesting vault's surplus is exactly the part of its bucket never granted
        if (b.index <= 2) expect(balance - owed, `bucket ${b.index} unallocated`).to.equal(big(bucketAmount(b)) - granted);
      }
      for (const id of airdropIds) {
        const a = decodeAirdrop(w.chain.account(airdropKey(id)[0])!);
        const owed = a.closed ? 0n : big(a.total) - big(a.claimed);
        const balance = big(w.jobs.balance(airdropVaultKey(id)[0]));
        expectProof(proofs.get(airdropVaultKey(id)[0].toBase58()), balance, owed, `airdrop ${id}`);
        expect(balance, `airdrop ${id} holds exactly what it owes`).to.equal(owed);
      }
      const iosd = decodeIosdState(w.chain.account(iosdStateKey()[0])!);
      const supply = BigInt(w.chain.account(iosdMintKey()[0])!.data.readBigUInt64LE(36));
      const backing = big(iosd.iosdMinted) - big(iosd.retired);
      expectProof(proofs.get(iosdMintKey()[0].toBase58()), backing, supply + big(iosd.held), "IOSD");
      expect(backing, "IOSD: nobody burned IOSD outside a payment").to.equal(supply + big(iosd.held));
      return proofs;
    }

    it("proves every vault through vesting claims, airdrop claims and close, and IOSD held for a job, the surplus exact", () => {
      // Given grants in the three vesting buckets, the lists locked, an airdrop of three wallets
      setup();
      check();
      // When IOSD is spent into a job (held for io_jobs)
      const user = w.jobs.user();
      expectOk(w.chain.send([w.jobs.openJobInstruction(user, new BN(1), 2, Currency.Iosd)], [user.wallet]));
      expect(big(decodeIosdState(w.chain.account(iosdStateKey()[0])!).held) > 0n).to.equal(true);
      check();
      // When two wallets claim the airdrop
      for (const d of drop.slice(0, 2)) {
        const destination = w.jobs.tokenAccount(d.wallet.publicKey, Currency.Io);
        expectOk(w.chain.send([claimAirdropInstruction({ claimant: d.wallet.publicKey, id: 1, amount: d.amount, proof: d.proof, destination })], [d.wallet]));
        check();
      }
      // When beneficiaries claim at months 13, 20 and 48 (the schedule's end for every bucket)
      const genesis = 1_800_000_000n;
      for (const month of [13, 20, 48]) {
        w.chain.setUnixTime(genesis + BigInt(month * MONTH));
        for (const g of grants.slice(0, month === 20 ? 1 : grants.length)) {
          const destination = w.jobs.tokenAccount(g.wallet.publicKey, Currency.Io);
          expectOk(w.chain.send([claimVestedInstruction({ beneficiary: g.wallet.publicKey, bucket: g.bucket, destination })], [g.wallet]));
        }
        check();
      }
      // Then every grant is paid and its vault owes nothing more
      const done = check();
      for (const b of [0, 1, 2]) expect(big(done.get(vaults[b].toBase58())!.obligations)).to.equal(0n);
      // When the airdrop's deadline has passed and anyone closes it: its vault owes nothing and is empty
      expectOk(w.chain.send([closeAirdropInstruction({ id: 1 })], [w.chain.payer]));
      const closed = check();
      expect(big(closed.get(airdropVaultKey(1)[0].toBase58())!.balance)).to.equal(0n);
    });

    it("fails with ReservesShort, naming the vault, when a genesis vault holds less than its grants' unclaimed IO; unchanged state", () => {
      setup();
      const owed = big(grants[2].amount); // series A: one grant, nothing claimed
      const seriesA = vaults[1];
      // Given the series A vault rewritten to exactly its obligations: it proves, surplus 0
      rewrite(w, seriesA, 64, owed);
      expectProof(proofsOf(prove([1]), parseIoTokenEvents).get(seriesA.toBase58()), owed, owed, "at its obligations");
      // When it holds one base unit less
      rewrite(w, seriesA, 64, owed - 1n);
      const before = w.chain.snapshot(named([1]));
      const res = prove([1]);
      // Then the proof fails, names the vault in its logs, and changes nothing
      expectError(res, "ReservesShort");
      expect(res.logs.some((l) => l.includes(seriesA.toBase58()))).to.equal(true);
      expect(w.chain.snapshot(named([1]))).to.equal(before);
    });

    it("fails with ReservesShort when an airdrop vault holds less than the unclaimed airdrop", () => {
      setup();
      const d = drop[0];
      const destination = w.jobs.tokenAccount(d.wallet.publicKey, Currency.Io);
      expectOk(w.chain.send([claimAirdropInstruction({ claimant: d.wallet.publicKey, id: 1, amount: d.amount, proof: d.proof, destination })], [d.wallet]));
      const vault = airdropVaultKey(1)[0];
      rewrite(w, vault, 64, big(w.jobs.balance(vault)) - 1n);
      const before = w.chain.snapshot(named([1]));
      const res = prove([1]);
      expectError(res, "ReservesShort");
      expect(res.logs.some((l) => l.includes(vault.toBase58()))).to.equal(true);
      expect(w.chain.snapshot(named([1]))).to.equal(before);
      // Without naming the airdrop the genesis vaults and IOSD still prove
      expectOk(prove([]));
    });

    it("fails with ReservesShort when IOSD in circulation and held exceeds the IOSD bought with IO", () => {
      setup();
      const user = w.jobs.user();
      expectOk(w.chain.send([w.jobs.openJobInstruction(user, new BN(1), 2, Currency.Iosd)], [user.wallet]));
      // One base unit of IOSD more in circulation than was ever bought (as a mint outside the books would make)
      const [mint] = iosdMintKey();
      const supply = w.chain.account(mint)!.data.readBigUInt64LE(36);
      rewrite(w, mint, 36, supply + 1n);
      const before = w.chain.snapshot(named([1]));
      const res = prove([1]);
      expectError(res, "ReservesShort");
      expect(res.logs.some((l) => l.includes(mint.toBase58()))).to.equal(true);
      expect(w.chain.snapshot(named([1]))).to.equal(before);
    });

    it("refuses substituted vaults, mints and airdrops (an attacker hiding a short vault behind a full one)", () => {
      setup();
      const fat = w.wallet(IO.muln(5_000_000));
      const base = proveReservesInstruction({ airdropIds: [1] });
      const swapped = (index: number, key: PublicKey): TransactionInstruction =>
        new TransactionInstruction({ programId: base.programId, data: base.data, keys: base.keys.map((k, i) => (i === index ? { ...k, pubkey: key } : k)) });
      const send = (ix: TransactionInstruction) => w.chain.send([ix], [w.chain.payer]);
      // The seed vault (index 3) replaced by someone's IO account holding more than the grants
      expectError(send(swapped(3, fat.io)), "InvalidVault");
      // ... or by another bucket's vault
      expectError(send(swapped(3, vaults[4])), "InvalidVault");
      // The airdrop's vault (index 9) replaced by the community vault, the airdrop (8) by a grant
      expectError(send(swapped(9, vaults[4])), "InvalidAirdrop");
      expectError(send(swapped(8, grantKey(0, grants[0].wallet.publicKey)[0])), "InvalidAccountData");
      expectError(send(swapped(8, fat.io)), "InvalidAirdrop");
      // An airdrop without its vault
      expectError(send(new TransactionInstruction({ programId: base.programId, data: base.data, keys: base.keys.slice(0, 9) })), "InvalidAirdrop");
      // The IOSD mint (index 2) replaced by the IO mint
      expectError(send(swapped(2, ioMintKey()[0])), "InvalidIosd");
      // The config (0) replaced by the IOSD state
      expectError(send(swapped(0, iosdStateKey()[0])), "InvalidAccountData");
    });
  });

  describe("io_staking", () => {
    const prove = () => w.chain.send([proveStakingReservesInstruction()], [w.chain.payer]);
    const named = () => [stakingConfigKey()[0], stakeVaultKey()[0], rewardsVaultKey()[0]];
    /** Every (participant, staker) position the test made. */
    let positions: [PublicKey, PublicKey][];

    /** Proves, and checks both proofs against obligations computed here from the accounts. */
    function check(): Map<string, ReservesProof> {
      const proofs = proofsOf(prove(), parseIoStakingEvents);
      expect(proofs.size).to.equal(2);
      let staked = 0n;
      for (const [participant, staker] of positions) {
        const info = w.chain.account(positionKey(participant, staker)[0]);
        if (!info) continue;
        const pos = w.position(participant, staker);
        staked += big(pos.active) + big(pos.pending) + big(pos.cooling);
      }
      const stakeVault = big(w.jobs.balance(stakeVaultKey()[0]));
      expectProof(proofs.get(stakeVaultKey()[0].toBase58()), stakeVault, staked, "stake vault");
      expect(stakeVault, "the stake vault holds exactly the positions' stake").to.equal(staked);
      const c = w.config();
      const rewards = big(w.rewardsVaultBalance());
      expectProof(proofs.get(rewardsVaultKey()[0].toBase58()), rewards, big(c.liabilities) + big(c.carried), "rewards vault");
      return proofs;
    }
    const attest = (n: StakeNode) => {
      const epoch = w.config().epoch;
      for (const oracle of w.jobs.oracles.slice(0, 2)) {
        const ix = attestAvailabilityInstruction({ oracle: oracle.publicKey, participant: n.participant, lastEpoch: w.lastEpoch(n.participant), epoch, passed: true, reputationBps: 9_000, hardwareClass: 2 });
        expectOk(w.chain.send([ix], [oracle]));
      }
    };
    const claim = (staker: Keypair, participant: PublicKey, to: PublicKey, compound = false) =>
      expectOk(w.chain.send([claimInstruction({ staker: staker.publicKey, participant, lastEpoch: w.lastEpoch(participant), to, compound })], [staker]));
    const surplusOfRewards = () => big(check().get(rewardsVaultKey()[0].toBase58())!.surplus);

    it("proves both vaults through stakes, epochs, claims plain and compounding, unstake, withdraw and a slash, the surplus exact", () => {
      // Given a node with 1,000 IO of its own stake and two delegators
      const a = w.node("node-a", 300, IO.muln(1_000));
      const s1 = w.wallet(IO.muln(500));
      const s2 = w.wallet(IO.muln(200));
      positions = [[a.participant, a.owner.publicKey], [a.participant, s1.wallet.publicKey], [a.participant, s2.wallet.publicKey]];
      check();
      expectOk(w.stake(s1.wallet, s1.io, a.participant, IO.muln(400)));
      expectOk(w.stake(s2.wallet, s2.io, a.participant, IO.muln(150)));
      check();
      for (let epoch = 0; epoch < 4; epoch++) {
        // The node is attested; a day passes and anyone cranks: the new IO is the rewards vault's surplus
        attest(a);
        w.chain.warp(DAY);
        const before = big(w.rewardsVaultBalance());
        expectOk(w.chain.send([crankInstruction({ rewardsVault: rewardsVaultKey()[0] })], [w.chain.payer]));
        const minted = big(w.rewardsVaultBalance()) - before;
        expect(minted > 0n).to.equal(true);
        const surplusBefore = surplusOfRewards();
        expect(surplusBefore).to.equal(minted + (epoch === 0 ? before : 0n));
        // When the epoch closes, the close takes exactly that surplus into the books
        const epochIndex = w.config().epoch;
        expectOk(w.chain.send([closeEpochInstruction({ payer: w.chain.payer.publicKey, epoch: epochIndex })], [w.chain.payer]));
        expect(surplusOfRewards()).to.equal(0n);
        // Claims: the operator plainly, s1 compounding (its IO moves into the stake vault), s2 plainly
        claim(a.owner, a.participant, a.ownerIo);
        check();
        claim(s1.wallet, a.participant, s1.io, true);
        check();
        if (epoch % 2 === 1) {
          claim(s2.wallet, a.participant, s2.io);
          check();
        }
      }
      // s2 unstakes everything; after the cooldown it withdraws
      const active = w.position(a.participant, s2.wallet.publicKey).active;
      expectOk(w.chain.send([unstakeInstruction({ staker: s2.wallet.publicKey, participant: a.participant, lastEpoch: w.lastEpoch(a.participant), amount: active })], [s2.wallet]));
      check();
      w.chain.warp(2 * DAY);
      expectOk(w.chain.send([withdrawInstruction({ staker: s2.wallet.publicKey, participant: a.participant, stakerIo: s2.io })], [s2.wallet]));
      check();
      // The operator's own stake is slashed: the burn leaves the vault and its obligations alike
      for (const i of [0, 1]) expectOk(w.chain.send([voteSlashInstruction({ oracle: w.jobs.oracles[i].publicKey, participant: a.participant, reason: 1 })], [w.jobs.oracles[i]]));
      w.chain.warp(DAY);
      const vaultBefore = big(w.jobs.balance(stakeVaultKey()[0]));
      const res = expectOk(w.chain.send([executeSlashInstruction({ participant: a.participant, operator: a.owner.publicKey })], [w.chain.payer]));
      const slashed = big(parseIoStakingEvents(res.logs).find((e) => e.name === "slashUpdate")!.data.amount as BN);
      expect(slashed > 0n).to.equal(true);
      expect(big(w.jobs.balance(stakeVaultKey()[0]))).to.equal(vaultBefore - slashed);
      check();
      expect(big(w.config().staked)).to.equal(big(w.jobs.balance(stakeVaultKey()[0])));
    });

    it("counts stake by its own books: IO sent straight to the stake vault is surplus, not stake", () => {
      // Given a node with its own stake
      const a = w.node("node-a", 300, IO.muln(1_000));
      positions = [[a.participant, a.owner.publicKey]];
      // When someone transfers 7 IO into the stake vault without staking
      const giver = w.wallet(IO.muln(7));
      const ix = createTransferCheckedInstruction(giver.io, ioMintKey()[0], stakeVaultKey()[0], giver.wallet.publicKey, BigInt(IO.muln(7).toString()), 8, [], TOKEN_2022_PROGRAM_ID);
      expectOk(w.chain.send([ix], [giver.wallet]));
      // Then the obligations stay the positions' stake and the 7 IO are the surplus
      const p = proofsOf(prove(), parseIoStakingEvents).get(stakeVaultKey()[0].toBase58())!;
      expect(big(p.obligations)).to.equal(big(IO.muln(1_000)));
      expect(big(p.surplus)).to.equal(big(IO.muln(7)));
    });

    it("fails with ReservesShort, naming the vault, when the stake vault or the rewards vault is short; unchanged state", () => {
      const a = w.node("node-a", 300, IO.muln(1_000));
      attest(a);
      w.closeEpoch();
      const c = w.config();
      const owed = big(c.liabilities) + big(c.carried);
      expect(owed > 0n).to.equal(true);
      for (const [vault, obligations] of [
        [stakeVaultKey()[0], big(c.staked)],
        [rewardsVaultKey()[0], owed],
      ] as [PublicKey, bigint][]) {
        const original = big(w.jobs.balance(vault));
        rewrite(w, vault, 64, obligations);
        expectOk(prove());
        rewrite(w, vault, 64, obligations - 1n);
        const before = w.chain.snapshot(named());
        const res = prove();
        expectError(res, "ReservesShort");
        expect(res.logs.some((l) => l.includes(vault.toBase58())), vault.toBase58()).to.equal(true);
        expect(w.chain.snapshot(named())).to.equal(before);
        rewrite(w, vault, 64, original);
        expectOk(prove());
      }
    });

    it("refuses a substituted or swapped vault", () => {
      w.node("node-a", 300, IO.muln(1_000));
      const fat = w.wallet(IO.muln(5_000_000));
      const base = proveStakingReservesInstruction();
      const swapped = (index: number, key: PublicKey) =>
        w.chain.send([new TransactionInstruction({ programId: base.programId, data: base.data, keys: base.keys.map((k, i) => (i === index ? { ...k, pubkey: key } : k)) })], [w.chain.payer]);
      expectError(swapped(1, fat.io), "InvalidVault");
      expectError(swapped(1, rewardsVaultKey()[0]), "InvalidVault");
      expectError(swapped(2, stakeVaultKey()[0]), "InvalidVault");
      expectError(swapped(2, fat.io), "InvalidVault");
      expectError(swapped(0, iosdStateKey()[0]), "InvalidConfig");
    });
  });
});
