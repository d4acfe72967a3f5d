#!/usr/bin/env node
// The README's two commands. `start`: install, build everything, start every mock and
// the docs site, print their URLs, stop on Ctrl-C. `test`: install, run the whole
// pipeline (lint → generate → build → typecheck → test) and print one summary line.
// `bench`: install, build, and run the benchmarks (bench/).
// Runs with plain Node.js and npm: it installs everything else itself.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "../src/chromium.mjs";
import { nodeVersionProblem } from "../src/node-version.mjs";
import { OFFLINE_ENV } from "../src/offline-env.mjs";
import { ensurePnpm } from "../src/pnpm.mjs";
import { addCounts, findSummaries, formatCounts, readCounts } from "../src/summary.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const command = process.argv[2];

const problem = nodeVersionProblem(process.version, manifest.engines.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
if (command !== "start" && command !== "test" && command !== "bench") {
  console.error("Usage: leanapis.mjs start | test | bench");
  process.exit(2);
}

const env = { ...OFFLINE_ENV, ...process.env };
env.PATH = ensurePnpm(root, manifest.packageManager.replace(/^pnpm@/, ""), env);

function run(cmd, args) {
  return spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" }).status ?? 1;
}

if (run("pnpm", ["install", "--frozen-lockfile"]) !== 0) {
  console.error("pnpm install failed: see the messages above.");
  process.exit(1);
}

if (command === "test") {
  try {
    env.CHROMIUM_PATH = ensureChromium(env);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  for (const file of findSummaries(root)) rmSync(file);
  const status = run("pnpm", ["exec", "turbo", "run", "lint", "typecheck", "test", "report", "--output-logs=new-only"]);
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

const services = [
  ["mocks", join(root, "packages/mocks/dist/cli.js")],
  ["docs", join(root, "packages/docs/bin/leanapis-docs.mjs")],
].map(([name, script]) => ({ name, child: spawn(process.execPath, [script], { cwd: root, env, stdio: "inherit" }) }));

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of services) if (child.exitCode === null) child.kill("SIGTERM");
  Promise.all(services.map(({ child }) => child.exitCode ?? new Promise((r) => child.once("exit", r)))).then(() =>
    process.exit(code),
  );
}
for (const { name, child } of services) {
  child.once("exit", (code) => {
    if (!stopping) {
      console.error(`The ${name} process stopped (exit code ${code}); stopping the rest.`);
      stopAll(1);
    }
  });
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
console.log("Starting the mocks and the docs site; Ctrl-C stops them.");
