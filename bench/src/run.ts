// `pnpm bench`: every layer against the best baseline this machine allows, measured in the
// same run; prints tables (median, min–max) and writes results/latest.json. Bounded to a
// few minutes on two cores; BENCH_QUICK=1 shortens every section. BENCH_ONLY=mocks measures
// the mock table alone (results/mocks.json), for work on the engine; BENCH_ONLY=clients the
// client table alone (results/clients.json).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import {
  bundleSizes,
  clientOverhead,
  contractSuite,
  KNOWN_RATIO,
  mockStartup,
  mockThroughput,
  pipeline,
  STATEFUL_FLOOR,
  statefulThroughput,
  typecheck,
} from "./sections.js";
import { printTable } from "./stats.js";

const quick = process.env.BENCH_QUICK === "1";
const started = performance.now();
const cores = cpus();
const memory = `${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const machine = `${cores.length} × ${cores[0]?.model ?? "cpu"}, ${memory}, Node ${process.version}`;
console.log(`leanapis benchmarks on ${machine}`);

/** The mock table: our engine and Prism against the bare server, in one run. */
async function mockTable() {
  const mocks = await mockThroughput({ repeats: quick ? 1 : 3, seconds: quick ? 1 : 2 });
  printTable(
    "Mocks under autocannon (32 connections): req/s; our engine's latency p50 / p99 in ms and answers other than 2xx; Prism for reference",
    ["mock", "ours req/s", "bare req/s", "ours / bare", "ours p50/p99", "errors", "Prism req/s", "Prism / bare"],
    mocks.rows,
  );
  return mocks;
}

/** The client table: each client against raw fetch, in one run. */
async function clientTable() {
  const client = await clientOverhead({
    warmup: quick ? 300 : 2000,
    rounds: quick ? 6 : 30,
    calls: quick ? 50 : 300,
    block: quick ? 10 : 25,
  });
  printTable(
    `Client overhead: sequential calls/s against a bare loopback server (median of rounds); ratios over all rounds (lowest–highest round), with two controls: A/A, raw fetch against a second copy of itself, and raw fetch made slower to ${KNOWN_RATIO.toFixed(2)}`,
    [
      "call",
      "raw fetch",
      "client",
      "client / fetch",
      "A/A: fetch / fetch",
      `fetch at ${KNOWN_RATIO.toFixed(2)} / fetch`,
    ],
    client.rows,
  );
  return client;
}

/** Writes a report into results/. */
function writeResult(name: string, report: object): void {
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  writeFileSync(new URL(`../results/${name}`, import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
}

if (process.env.BENCH_ONLY === "mocks") {
  const mocks = await mockTable();
  writeResult("mocks.json", { machine, date: new Date().toISOString(), mocks: mocks.records });
  process.exit(0);
}
if (process.env.BENCH_ONLY === "clients") {
  const client = await clientTable();
  writeResult("clients.json", { machine, date: new Date().toISOString(), clientOverhead: client.records });
  process.exit(0);
}

const client = await clientTable();
const bundles = await bundleSizes();
printTable("Client bundle size (esbuild, minified)", ["entry", "min", "min+gzip"], bundles.rows);
const mocks = await mockTable();
const stateful = await statefulThroughput({ repeats: quick ? 1 : 3, seconds: quick ? 1 : 2 });
printTable(
  `Stateful mocks on the same reads (32 connections): req/s; the stateful mode keeps at least ${STATEFUL_FLOOR * 100} %`,
  ["read", "stateless req/s", "stateful req/s", "stateful / stateless", `≥ ${STATEFUL_FLOOR * 100} %`, "errors"],
  stateful.rows,
);
const startup = await mockStartup({ repeats: quick ? 1 : 3 });
printTable("Mock start-up: seconds", ["what", "time"], startup.rows);
const types = await typecheck({ repeats: quick ? 1 : 3 });
const suite = await contractSuite();
const build = await pipeline({ repeats: quick ? 1 : 3 });
printTable("Pipeline and type-checking: seconds", ["what", "time"], [...build.rows, ...types.rows, ...suite.rows]);

const total = (performance.now() - started) / 1000;
console.log(`\nbench took ${total.toFixed(0)} s`);
const report = {
  machine,
  date: new Date().toISOString(),
  totalSeconds: total,
  clientOverhead: client.records,
  bundles: bundles.records,
  mocks: mocks.records,
  statefulMocks: stateful.records,
  mockStartup: startup.records,
  pipeline: build.records,
  typecheck: types.records,
  contractSuite: suite.records,
};
writeResult("latest.json", report);
