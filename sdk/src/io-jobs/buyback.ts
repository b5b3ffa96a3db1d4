/**
 * io_buyback's fixed addresses that io_jobs' `sweep_usdc_fees` pays into (io_common::buyback;
 * io_buyback derives them: PDAs ["usdc_vault"] and ["incentives"] of its program id, owned by
 * its ["authority"] PDA). Kept here (not re-exported by the SDK index, so io_buyback's own SDK may export the same names) so io_jobs' builders do not depend on it.
 */
import { PublicKey } from "@solana/web3.js";

export const IO_BUYBACK_PROGRAM_ID = /* @__PURE__ */ new PublicKey("5WfCjndWs3Poy5n2TqF5izCRNPL7U96JyCQGRKEoWEMh");
/** io_buyback's authority: the owner its two USDC vaults must have. */
export const BUYBACK_AUTHORITY = new PublicKey("GEkvvBS4u5xar5bfB5hwKwgN32W4GtSQYcNAwDQZ1WCb");
/** The USDC the buyback auction sells for IO. */
export const BUYBACK_USDC_VAULT = new PublicKey("BC7qZ1FypYwYiNt97ufpkJbCeFgPpArFVwTzaj2VFJX5");
/** The USD-incentives vault (spent by governance, the admin until then). */
export const INCENTIVES_VAULT = new PublicKey("FVyzsqMiys9v9oMHwQTodpyMADtsiQuRhXqAZDN1bd7j");
