export * from "./documents.js";
export * from "./pointer.js";
export * from "./validators.js";
export * from "./walk.js";
