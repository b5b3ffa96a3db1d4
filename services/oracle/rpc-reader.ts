/**
 * The service's reads over JSON-RPC: single accounts, many accounts in one
 * getMultipleAccountsInfo at a slot of at least `minContextSlot` (a node behind that slot refuses
 * instead of answering from the past, and the read is retried; an answer from below that slot
 * anyway, from a node or cache that ignores it, is an error too), the clock (the same way, at the
 * slot of the accounts it is compared with) and the genesis hash.
 */
import { AccountInfo, Connection, PublicKey, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import { AccountsAt, ChainReader } from "./intake";

export class RpcReader implements ChainReader {
  private genesis: string | null = null;

  constructor(readonly connection: Connection) {}

  async getAccount(pubkey: PublicKey): Promise<AccountInfo<Buffer> | null> {
    return this.connection.getAccountInfo(pubkey, "confirmed");
  }

  async getAccounts(keys: PublicKey[], minContextSlot = 0): Promise<AccountsAt> {
    const { context, value } = await this.connection.getMultipleAccountsInfoAndContext(keys, { commitment: "confirmed", minContextSlot: minContextSlot > 0 ? minContextSlot : undefined });
    // A node (or a cache in front of it) that ignores minContextSlot may answer from before the
    // job existed: such an answer is an error to retry, never "no such account".
    if (context.slot < minContextSlot) throw new Error(`RPC answered from slot ${context.slot}, below the minimum context slot ${minContextSlot} asked for`);
    return { slot: context.slot, accounts: value };
  }

  /**
   * unix_timestamp of the Clock sysvar (offset 32), at a slot of at least `minContextSlot`: a
   * node (or cache) answering from before the accounts it is compared with would make a job look
   * younger than it is (an hour not begun yet, a challenge window still open).
   */
  async unixTime(minContextSlot = 0): Promise<number> {
    const clock = (await this.getAccounts([SYSVAR_CLOCK_PUBKEY], minContextSlot)).accounts[0];
    if (!clock) throw new Error("no Clock sysvar");
    return Number(clock.data.readBigInt64LE(32));
  }

  async genesisHash(): Promise<string> {
    this.genesis ??= await this.connection.getGenesisHash();
    return this.genesis;
  }
}
