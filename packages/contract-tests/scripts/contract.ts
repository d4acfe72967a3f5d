// npm run contract -- [--api <id>[,<id>…]]: runs the contract suites of the APIs named (all
// when none is), each against its mock, or against the live API where that API's variables
// are set (the README lists them), then prints the conformance summary: operations checked,
// violations, reached coverage and the verdict. Exit status 0 when every API conforms, 1
// otherwise, 2 on a usage error. Reports (coverage records, crawl results, JUnit XML) go to
// LEANAPIS_REPORTS_DIR, else the package's reports/ folder.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { API_IDS, type ApiId, isApiId } from "@leanapis/registry";
import { Redactor } from "../src/check/redact.js";
import { apiConformance } from "../src/report/conformance.js";
import { readRunRecords } from "../src/report/coverage-table.js";
import { REPORTS_DIR_VARIABLE, reportsDir } from "../src/reports.js";
import { APIS_VARIABLE, liveTargets, liveWritesAllowed } from "../src/targets.js";

const USAGE = `Usage: npm run contract -- [--api <id>[,<id>…]]

Runs the contract suites of the APIs named (default: all of ${API_IDS.join(", ")}) against
their mocks, or against the live API where its variables are set (see the README), and
prints the conformance summary. Live runs are read-only unless LEANAPIS_LIVE_WRITES=1.`;

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

function usage(problem: string): never {
  console.error(`contract: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

let apis: ApiId[];
try {
  const { values } = parseArgs({ options: { api: { type: "string", multiple: true }, help: { type: "boolean" } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const named = (values.api ?? [])
    .flatMap((list) => list.split(","))
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = named.filter((id) => !isApiId(id));
  if (unknown.length > 0) usage(`unknown API ${unknown.join(", ")} (known: ${API_IDS.join(", ")})`);
  apis = named.length > 0 ? API_IDS.filter((id) => named.includes(id)) : [...API_IDS];
} catch (error) {
  usage((error as Error).message);
}

let live: ReturnType<typeof liveTargets>;
try {
  live = liveTargets();
} catch (error) {
  usage((error as Error).message);
}
const mocked = apis.filter((api) => !live[api]);
const liveApis = apis.filter((api) => live[api]);

// Each API's own suites; the shared suites that run against mocks; the crawl of live APIs.
const files = [
  ...apis.map((api) => `src/${api}/`),
  ...(mocked.length > 0 ? ["src/every-operation.test.ts", "src/real-conditions.test.ts", "src/fuzz/fuzz.test.ts"] : []),
  ...(liveApis.length > 0 ? ["src/live/crawl.test.ts"] : []),
];
const reports = reportsDir();
// The suites' setup clears the coverage records; an earlier crawl's results go here.
for (const api of API_IDS) rmSync(new URL(`live-${api}.json`, reports), { force: true });

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const writes =
  liveApis.length > 0 ? `; live writes ${liveWritesAllowed() ? "ON (LEANAPIS_LIVE_WRITES=1)" : "off"}` : "";
console.log(`contract: ${apis.join(", ")}: ${mocked.length} against the mock, ${liveApis.length} live${writes}`);
const { status } = spawnSync(
  process.execPath,
  [
    vitest,
    "run",
    "--project",
    "leanapis",
    "--reporter=default",
    "--reporter=junit",
    `--outputFile.junit=${fileURLToPath(new URL("junit.xml", reports))}`,
    ...files,
  ],
  {
    cwd: packageDir,
    stdio: "inherit",
    env: { ...process.env, [APIS_VARIABLE]: apis.join(","), [REPORTS_DIR_VARIABLE]: fileURLToPath(reports) },
  },
);

const run = readRunRecords();
console.log("\nConformance summary");
const problems: string[] = [];
if (status !== 0) problems.push("a contract suite failed: see its report above");
for (const api of apis) {
  const baseUrl = live[api]?.baseUrl;
  const result = apiConformance(api, baseUrl && new Redactor().url(baseUrl), run, reports);
  for (const line of result.lines) console.log(line);
  problems.push(...result.problems);
}
for (const problem of problems) console.error(`✗ ${problem}`);
console.log(problems.length === 0 ? "conformance: PASS" : "conformance: FAIL");
process.exit(problems.length === 0 ? 0 : 1);
