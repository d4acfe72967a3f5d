#!/usr/bin/env node
// lint-openrpc <file> [--out <file>]: lints an OpenRPC document (see openrpc-lint.ts); with
// --out, writes the validated document there for the packages that consume it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { lintOpenRpc } from "./openrpc-lint.js";

const [file, flag, out] = process.argv.slice(2);
if (!file || (flag && (flag !== "--out" || !out))) {
  console.error("Usage: lint-openrpc <openrpc.json> [--out <file>]");
  process.exit(2);
}
const { problems, document } = lintOpenRpc(readFileSync(file, "utf8"), file);
if (problems.length || !document) {
  for (const problem of problems) console.error(problem);
  console.error(`\n${file}: ${problems.length} problem(s).`);
  process.exit(1);
}
console.log(`${file}: valid OpenRPC ${document.openrpc}, ${document.methods.length} methods.`);
if (out) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
}
