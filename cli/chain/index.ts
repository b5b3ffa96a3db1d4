export * from "./embedded";
export * from "./kind";
export * from "./rpc";
export * from "./types";
export * from "./wire";
