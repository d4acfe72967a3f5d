#!/usr/bin/env node
// lint-resources <openapi.yaml> ...: checks the `x-resource` declarations of OpenAPI contracts
// (see resource-lint.ts), reading their source files so that each problem is reported as
// `file:line:column  message  (rule)`. OpenRPC documents get the same check from lint-openrpc.
import { lintOpenApiResources } from "./openapi-source.js";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Usage: lint-resources <openapi.yaml> ...");
  process.exit(2);
}
let count = 0;
for (const file of files) {
  const problems = lintOpenApiResources(file);
  for (const problem of problems) console.error(problem);
  count += problems.length;
}
if (count > 0) {
  console.error(`\n${count} problem(s) in the x-resource declarations.`);
  process.exit(1);
}
console.log(`${files.join(", ")}: x-resource declarations agree.`);
