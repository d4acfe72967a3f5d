// Builds the published document from the sources. Usage:
//   tsx src/build.ts --out dist/openrpc.json   assemble into a file (the package's build)
//   tsx src/build.ts --write                   also rewrite the committed openrpc.json and the README's coverage
//   tsx src/build.ts --check                   fail if the committed openrpc.json or the coverage section is stale
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { assemble } from "./assemble.js";
import { coverageIsCurrent, writeCoverage } from "./coverage.js";
import { SPEC_DIR } from "./layout.js";

const { values } = parseArgs({
  options: { out: { type: "string" }, write: { type: "boolean" }, check: { type: "boolean" } },
});
const assembly = assemble();
const text = `${JSON.stringify(assembly.document, null, 2)}\n`;
const committed = join(SPEC_DIR, "openrpc.json");

if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, text);
}
if (values.write) {
  writeFileSync(committed, text);
  console.log(writeCoverage(assembly));
}
if (values.check) {
  const stale = [
    readFileSync(committed, "utf8") !== text ? "specs/leantime/openrpc.json" : "",
    coverageIsCurrent(assembly) ? "" : "the coverage section of specs/README.md",
  ].filter(Boolean);
  if (stale.length > 0) {
    console.error(
      `${stale.join(" and ")} differ from what the sources give: run \`pnpm --filter @leanapis/spec-leantime assemble\`.`,
    );
    process.exit(1);
  }
}
