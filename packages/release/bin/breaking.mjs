#!/usr/bin/env node
// leanapis-breaking [--base <rev>] [--head <rev>] [--root <dir>] [--json <file>]
// Classifies every contract difference between two revisions (default: the merge base with
// main, against the working tree), prints the report, writes it as JSON with --json, and
// exits 1 if a breaking change is not recorded in contract-changes.yaml.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { compareTrees, formatReport } from "../src/breaking.mjs";
import { specsAt } from "../src/contracts.mjs";

const { values } = parseArgs({ options: { base: { type: "string" }, head: { type: "string" }, root: { type: "string" }, json: { type: "string" } } });
const git = (args, cwd) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const root = values.root ?? git(["rev-parse", "--show-toplevel"], process.cwd());
function defaultBase() {
  for (const branch of ["origin/main", "main"]) {
    try {
      return git(["merge-base", "HEAD", branch], root);
    } catch {
      // that branch is not here; try the next
    }
  }
  return "HEAD";
}
const base = values.base ?? defaultBase();
const changes = compareTrees(specsAt(root, base), values.head ? specsAt(root, values.head) : root, root);
console.log(`Contract changes from ${base.slice(0, 12)} to ${values.head ?? "the working tree"}:\n`);
console.log(formatReport(changes));
if (values.json) writeFileSync(values.json, `${JSON.stringify({ base, head: values.head ?? "worktree", changes }, null, 2)}\n`);
process.exit(changes.some((c) => c.breaking && !c.accepted) ? 1 : 0);
