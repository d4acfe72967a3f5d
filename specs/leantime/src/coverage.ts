// The coverage of the latest release, counted from the extracted source, as printed in
// specs/README.md between its markers (rewritten by the extractor, checked by lint).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Assembly, assemble } from "./assemble.js";
import { SPEC_DIR } from "./layout.js";

const README = join(SPEC_DIR, "..", "README.md");
const START = "<!-- leantime-coverage:start -->";
const END = "<!-- leantime-coverage:end -->";

export function coverageText({ document, latest, exposed }: Assembly): string {
  const covered = exposed.filter((m) => m.reason === undefined).length;
  const leftOut = exposed.filter((m) => m.reason !== undefined);
  const methods = document.methods as { "x-leantime-until"?: string }[];
  const historical = methods.filter((m) => m["x-leantime-until"] !== undefined).length;
  const percent = ((100 * covered) / exposed.length).toFixed(1);
  return [
    START,
    `Counted by \`pnpm --filter @leanapis/spec-leantime extract\` from the Leantime ${latest.version} source (${latest.tag}):`,
    `it exposes **${exposed.length}** methods through JSON-RPC (public service methods tagged \`@api\`, constructors`,
    `and names the controller cannot reach excluded), and the document covers **${covered}** of them (**${percent} %**).`,
    `It also keeps ${historical} ${historical === 1 ? "method" : "methods"} that earlier releases exposed, marked with \`x-leantime-until\`.`,
    "",
    "Left out, and why:",
    "",
    "| method | reason |",
    "| --- | --- |",
    // A `|` inside a cell (a union type) would end it.
    ...leftOut.map((m) => `| \`${m.name}\` | ${m.reason!.replaceAll("|", "\\|")} |`),
    END,
  ].join("\n");
}

function withSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${README}: the markers ${START} … ${END} are missing`);
  return readme.slice(0, start) + section + readme.slice(end + END.length);
}

/** Rewrites the README's coverage section; returns the headline. */
export function writeCoverage(assembly: Assembly = assemble()): string {
  const section = coverageText(assembly);
  writeFileSync(README, withSection(readFileSync(README, "utf8"), section));
  return section.split("\n").slice(1, 4).join(" ");
}

/** Whether the README's section is the one the sources give. */
export function coverageIsCurrent(assembly: Assembly): boolean {
  const readme = readFileSync(README, "utf8");
  return withSection(readme, coverageText(assembly)) === readme;
}
