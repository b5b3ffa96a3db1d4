export * from "./embedded";
export * from "./rpc";
export * from "./types";
export * from "./wire";
