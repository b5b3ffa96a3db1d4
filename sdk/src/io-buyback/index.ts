/** io_buyback: the auction of USDC fees for IO burned, incentives, proof of reserves. Builders return instructions and never send. */
export * from "./accounts";
export * from "./instructions";
export * from "./pdas";
