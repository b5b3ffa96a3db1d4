import { BorshCoder } from "@coral-xyz/anchor";
import { offlineCoder } from "../anchor";
import { IO_TOKEN_IDL } from "../idl/io_token";

/** io_token's Anchor coder with camelCase names, as `Program` builds it. */
export const ioTokenCoder: BorshCoder = /* @__PURE__ */ offlineCoder(IO_TOKEN_IDL);
