#!/usr/bin/env node
// The root package's scripts. Each installs what it needs with nothing but Node.js and npm
// (pnpm into .tools/, then the workspace), then runs its turbo tasks:
//   start      build everything, start every mock and the docs site, print their URLs, stop on Ctrl-C
//              (`start -- --stateful`: the mocks keep what is written to them, see packages/mocks)
//   test       lint → generate → build → typecheck → test → report, ending with one summary line
//   lint       the contracts' rules and Biome's formatting and lint rules
//   format     rewrite every file as Biome formats it
//   typecheck  tsc over every package's sources, tests and scripts
//   build      contracts, generated clients, packages, the docs site and the release artefacts
//   bench      build, then the benchmarks (bench/)
//   contract   build, then the contract suites of one API or several (`contract -- --api leantime`),
//              against the mock or, with that API's variables, live; ends with a conformance summary
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "../src/chromium.mjs";
import { nodeVersionProblem } from "../src/node-version.mjs";
import { OFFLINE_ENV } from "../src/offline-env.mjs";
import { ensurePnpm } from "../src/pnpm.mjs";
import { addCounts, findSummaries, formatCounts, readCounts } from "../src/summary.mjs";
import { supervise } from "../src/supervise.mjs";

const COMMANDS = ["start", "test", "lint", "format", "typecheck", "build", "bench", "contract"];
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const [command = "", ...rest] = process.argv.slice(2);

const problem = nodeVersionProblem(process.version, manifest.engines.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
if (!COMMANDS.includes(command)) {
  console.error(`Usage: leanapis.mjs ${COMMANDS.join(" | ")}`);
  process.exit(2);
}

/** @type {NodeJS.ProcessEnv} */
const env = { ...OFFLINE_ENV, ...process.env };
env.PATH = ensurePnpm(root, manifest.packageManager.replace(/^pnpm@/, ""), env);

/**
 * Runs a command in the repository root with the pipeline's environment; its exit status.
 * @param {string} cmd
 * @param {string[]} args
 */
function run(cmd, args) {
  return spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" }).status ?? 1;
}

/** @param {string[]} tasks */
const turbo = (...tasks) => run("pnpm", ["exec", "turbo", "run", ...tasks, ...rest, "--output-logs=new-only"]);

if (run("pnpm", ["install", "--frozen-lockfile"]) !== 0) {
  console.error("pnpm install failed: see the messages above.");
  process.exit(1);
}

if (command === "format")
  process.exit(run("pnpm", ["exec", "biome", "format", "--write", ...(rest.length ? rest : ["."])]));
if (command === "lint" || command === "typecheck" || command === "build") process.exit(turbo(command));

if (command === "test") {
  try {
    env.CHROMIUM_PATH = ensureChromium(env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  for (const file of findSummaries(root)) rmSync(file);
  const status = turbo("lint", "typecheck", "test", "report");
  const counts = addCounts(findSummaries(root).map(readCounts));
  // A step that stopped the pipeline before its tests ran (a lint error, a type error)
  // still has to show up as a failure in the line CI reads.
  if (status !== 0 && counts.failed === 0) {
    console.error("A pipeline step failed before its tests could run: see the messages above.");
    counts.failed = 1;
  }
  console.log(formatCounts(counts));
  process.exit(status === 0 && counts.failed === 0 ? 0 : 1);
}

if (run("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"]) !== 0) process.exit(1);
if (command === "bench") process.exit(run("pnpm", ["--filter", "@leanapis/bench", "run", "bench"]));
if (command === "contract")
  process.exit(run("pnpm", ["--filter", "@leanapis/contract-tests", "exec", "tsx", "scripts/contract.ts", ...rest]));

// The mocks and the docs site side by side: if one stops, the supervisor says which and why
// and stops the other; Ctrl-C stops both; no child outlives the supervisor.
const mockArgs = rest.includes("--stateful") ? ["--stateful"] : [];
supervise(
  [
    { name: "mocks", script: join(root, "packages/mocks/dist/cli.js"), args: mockArgs },
    { name: "docs", script: join(root, "packages/docs/bin/leanapis-docs.mjs"), args: [] },
  ].map(({ name, script, args }) => ({
    name,
    command: process.execPath,
    args: [script, ...args],
    options: { cwd: root, env },
  })),
);
console.log("Starting the mocks and the docs site; Ctrl-C stops them.");
