/** io_token: the IO mint, emissions, vesting, airdrops and IOSD. Builders return instructions and never send. */
export * from "./accounts";
export * from "./constants";
export * from "./events";
export * from "./instructions";
export * from "./iosd";
export * from "./merkle";
export * from "./pdas";
export * from "./schedule";
export * from "./wallet";
