export * from "./apis.js";
export * from "./contracts.js";
export * from "./environment.js";
