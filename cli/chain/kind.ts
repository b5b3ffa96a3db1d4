/** Which chain a command runs on, without loading either implementation (LiteSVM is heavy). */
import type { EmbeddedChain } from "./embedded";
import type { RpcChain } from "./rpc";
import type { Chain } from "./types";

export const isEmbedded = (chain: Chain): chain is EmbeddedChain => chain.kind === "embedded";
export const isRpc = (chain: Chain): chain is RpcChain => chain.kind === "rpc";
