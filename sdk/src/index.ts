export * from "./errors";
export * from "./format";
export * from "./idl/io_token";
export * from "./io-token/accounts";
export * from "./io-token/constants";
export * from "./io-token/events";
export * from "./io-token/instructions";
export * from "./io-token/pdas";
