// leanapis-breaking [--base <rev>] [--head <rev>] [--root <dir>] [--json <file>]
// Classifies every contract difference between two revisions (default: the merge base with
// main, against the working tree), checks that the base's client type tests still compile
// against the working tree's generated types, prints the report, writes it as JSON with
// --json, and exits 1 if a breaking change is not recorded in contract-changes.yaml.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { acceptedChanges, compareTrees, formatReport } from "../breaking.js";
import { specsAt } from "../contracts.js";
import { checkTypeTests, typeTestsAt } from "../type-gate.js";

const { values } = parseArgs({
  options: { base: { type: "string" }, head: { type: "string" }, root: { type: "string" }, json: { type: "string" } },
});
const git = (args: string[], cwd: string) =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const root = values.root ?? git(["rev-parse", "--show-toplevel"], process.cwd());
function defaultBase(): string {
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
// The second gate, against the working tree's generated types: the old client type tests must still compile.
const broken = values.head ? [] : checkTypeTests(root, typeTestsAt(root, base));
if (broken === undefined) console.log("(client type tests not checked: run the build first to generate the types)\n");
const accepted = acceptedChanges(root);
for (const { path, errors } of broken ?? []) {
  const id = `clients:types:${path}`;
  changes.push({
    id,
    api: "clients",
    operation: path,
    where: "",
    rule: "client-type-test-broken",
    breaking: true,
    detail: errors[0] ?? "",
    accepted: accepted.get(id),
  });
}
console.log(`Contract changes from ${base.slice(0, 12)} to ${values.head ?? "the working tree"}:\n`);
console.log(formatReport(changes));
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ base, head: values.head ?? "worktree", changes }, null, 2)}\n`);
}
process.exit(changes.some((c) => c.breaking && !c.accepted) ? 1 : 0);
