/** io_staking: epochs, participants, positions. Builders return instructions and never send. */
export * from "./accounts";
export * from "./instructions";
export * from "./rewards";
export * from "./pdas";
export * from "./priority";
export * from "./usage";
export * from "./wallet";
