/** io_jobs: nodes, jobs in escrow, attestations and settlement. Builders return instructions and never send. */
export * from "./accounts";
export * from "./instructions";
export * from "./pdas";
export * from "./quote";
export * from "./rules";
export * from "./wallet";
