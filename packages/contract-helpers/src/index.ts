export * from "./documents.js";
export * from "./path-matching.js";
export * from "./pointer.js";
export * from "./resource-lint.js";
export * from "./resources.js";
export * from "./validators.js";
export * from "./walk.js";
