/**
 * Cranks io_token's emissions (mints the schedule up to the current hour into the rewards
 * vault). Anyone may crank; a crank with nothing to mint fails in simulation with NothingToMint
 * and is not sent, so several instances cranking the same hour post it once.
 */
import { crankInstruction, decodeEmissionState, emissionKey } from "../../sdk/src";
import { ChainReader } from "./intake";
import { Logger } from "./log";
import { Metrics } from "./metrics";
import { Runner, unitLimit } from "./runner";
import { Store } from "./store";

const LAST_CRANK = "crank.last";

export class Cranker {
  constructor(
    private readonly chain: ChainReader,
    private readonly store: Store,
    private readonly runner: Runner,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    runner.on("crank", async (batch, outcome) => {
      if (outcome.status !== "confirmed") return;
      this.metrics.cranks++;
      this.metrics.lastCrank = batch.items[0].hours;
      await this.store.setValue(LAST_CRANK, String(batch.items[0].hours));
    });
  }

  async lastCrank(): Promise<number> {
    return Number((await this.store.getValue(LAST_CRANK)) ?? "0");
  }

  /** Cranks when there is something to mint; returns whether a crank was confirmed. */
  async tick(): Promise<boolean> {
    const info = await this.runner.retrying("emission state", () => this.chain.getAccount(emissionKey()[0]));
    if (!info) return false;
    const { rewardsVault } = decodeEmissionState(info);
    const ix = crankInstruction({ rewardsVault });
    const sim = await this.runner.simulate([ix]);
    if (!sim.ok) {
      const name = sim.programError?.name ?? sim.error;
      this.log.log(name === "NothingToMint" ? "debug" : "warn", "crank not sent", { error: name });
      return false;
    }
    const now = await this.runner.retrying("clock", () => this.chain.unixTime());
    const outcome = await this.runner.run("crank", [{ job: "crank", hours: now }], [ix], unitLimit(sim.units));
    return outcome?.status === "confirmed";
  }
}
