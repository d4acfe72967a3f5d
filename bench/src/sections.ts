// The measurements. Each returns rows for the table and records for the JSON report.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { APIS, type ApiId, apiById } from "@leanapis/registry";
import { freePort, freePorts } from "@leanapis/tooling/ports";
import autocannon from "autocannon";
import { type BuildFailure, type BuildOptions, build } from "esbuild";
import { startProcess } from "./processes.js";
import { type Row, range, type Summary, summarize } from "./stats.js";
import { REPORTING_CSV, REPORTING_GET, rawCall, rawCallAgain, responseBytes, TARGETS, type Target } from "./targets.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BARE_SERVER = new URL("./bare-server.ts", import.meta.url);
const MOCKS_CLI = new URL("../../packages/mocks/dist/cli.js", import.meta.url);

interface Server {
  url: string;
  stop: () => Promise<void>;
}

// Where the bare server says how many requests it has answered (that one not counted).
const ANSWERED_PATH = "/.bench/answered";

async function startBare(target: Target): Promise<Server & { answered: () => Promise<number> }> {
  const file = join(mkdtempSync(join(tmpdir(), "leanapis-bench-")), "body");
  writeFileSync(file, responseBytes(target));
  const contentType = target.contentType ?? "application/json";
  const args = [file, contentType, ANSWERED_PATH, ...(target.requestBody === undefined ? [] : ["json-rpc"])];
  const server = await startProcess(BARE_SERVER, args, { ready: /listening (\d+)/ });
  const url = `http://127.0.0.1:${server.match[1]}`;
  const answered = async () => Number(await (await fetch(`${url}${ANSWERED_PATH}`)).text());
  return { url, stop: server.stop, answered };
}

type EngineName = "leanapis" | "prism";

async function startMock(api: ApiId, engine: EngineName, extra: readonly string[] = []): Promise<Server> {
  const port = await freePort();
  const env = { [apiById(api).mock.portEnv]: String(port) };
  // Leanmote's burst limit off: under load it would answer 429s, not the bytes measured.
  const args = ["--api", api, "--engine", engine, "--burst", "off", ...extra];
  const mock = await startProcess(MOCKS_CLI, args, { env, ready: /(http:\/\/127\.0\.0\.1:\d+)/ });
  return { url: String(mock.match[1]), stop: mock.stop };
}

interface Interleaving {
  /** Calls of each before any is timed. */
  warmup: number;
  rounds: number;
  /** Calls of each per round, in blocks: a multiple of `block`. */
  calls: number;
  /** Calls made one after the other before the next caller takes its turn. */
  block: number;
}

/** A call to time: one request, its answer read. */
type Timed = () => Promise<unknown>;

interface Measured {
  perSecond: Summary;
  /** Calls per second over raw fetch's, over all rounds (all calls over all their time). */
  ratio: number;
  /** The same ratio in each round. */
  perRound: Summary;
}

/**
 * Times raw fetch and `others` in blocks of `block` calls that take turns (which goes first
 * turns every block), so that a change in the machine's load falls on all of them alike; a
 * round is `calls` of each. Each is measured against raw fetch.
 */
async function interleave<Name extends string>(
  fetchOnly: Timed,
  others: Record<Name, Timed>,
  plan: Interleaving,
): Promise<{ fetchOnly: Summary; others: Record<Name, Measured> }> {
  if (plan.calls % plan.block !== 0) throw new Error(`${plan.calls} calls a round are not blocks of ${plan.block}`);
  const names = Object.keys(others) as Name[];
  const calls = [fetchOnly, ...names.map((name) => others[name])];
  // Connections, and the JIT: of the ~600 functions a process calling a client optimizes,
  // `node --trace-opt` counts 74 done after 300 calls, 446 after 2,000 and 558 after 4,000;
  // what is still compiling runs on the cores the timed calls need.
  for (let i = 0; i < plan.warmup; i++) for (const call of calls) await call();
  // Milliseconds each caller spent, per round: every figure is derived from these.
  const spent: number[][] = [];
  for (let r = 0; r < plan.rounds; r++) {
    const ms = calls.map(() => 0);
    for (let b = 0; b < plan.calls / plan.block; b++) {
      for (let k = 0; k < calls.length; k++) {
        const which = (b + k) % calls.length;
        const call = calls[which]!;
        const start = performance.now();
        for (let i = 0; i < plan.block; i++) await call();
        ms[which]! += performance.now() - start;
      }
    }
    spent.push(ms);
  }
  const perSecond = (k: number) => summarize(spent.map((ms) => (plan.calls * 1000) / ms[k]!));
  const total = (k: number) => spent.reduce((sum, ms) => sum + ms[k]!, 0);
  const measured = (k: number): Measured => ({
    perSecond: perSecond(k),
    ratio: total(0) / total(k),
    perRound: summarize(spent.map((ms) => ms[0]! / ms[k]!)),
  });
  return {
    fetchOnly: perSecond(0),
    others: Object.fromEntries(names.map((name, i) => [name, measured(i + 1)])) as Record<Name, Measured>,
  };
}

/** What the harness must read for a call made this much slower than raw fetch. */
export const KNOWN_RATIO = 0.95;

/**
 * `call` made slower by its own work: after each call it keeps the CPU busy for a share of
 * that call's time, so that it runs at `ratio` of `call`'s speed, as a client whose own
 * work cost that much would.
 */
function slowedTo(ratio: number, call: Timed): Timed {
  const share = 1 / ratio - 1;
  return async () => {
    const start = performance.now();
    const answer = await call();
    const end = performance.now();
    const until = end + (end - start) * share;
    while (performance.now() < until) {
      // busy, as a client computing
    }
    return answer;
  };
}

const ratioCell = ({ ratio, perRound }: { ratio: number; perRound: Summary }) =>
  `${ratio.toFixed(2)} (${perRound.min.toFixed(2)}–${perRound.max.toFixed(2)})`;

/**
 * Each client against raw fetch in one process (see `interleave`), with two controls timed
 * in the same turns: A/A, raw fetch against a second copy of itself, which shows how far the
 * harness alone moves a ratio (two call sites of the same code are not compiled alike); and
 * raw fetch made slower by a known share (`KNOWN_RATIO`), which shows that the harness sees
 * a difference of that size: a figure is read to that precision only.
 */
export async function clientOverhead(plan: Interleaving) {
  const rows: Row[] = [];
  const records = [];
  const setups = [];
  try {
    for (const target of [...TARGETS, REPORTING_GET]) {
      const server = await startBare(target);
      setups.push({ target, server, viaFetch: rawCall(target, server.url), viaClient: target.client(server.url) });
    }
    // Every target is warmed before any is timed: the clients share most of their code (and
    // all of fetch's), which the target timed first would otherwise still be compiling for
    // the others while its calls are timed.
    for (const { viaFetch, viaClient } of setups)
      for (let i = 0; i < plan.warmup; i++) {
        await viaFetch();
        await viaClient();
      }
    for (const { target, server, viaFetch, viaClient } of setups) {
      // A client that sent nothing or lost the answer would be timed as fast: it must give
      // back what raw fetch read.
      if (!target.sameAnswer(await viaClient(), await viaFetch()))
        throw new Error(`${target.label}: the client's answer is not what the server sent; nothing is timed`);
      // A client that answered calls without sending them (from a cache, say) would be timed
      // as fast too: the server must have answered every call.
      const before = await server.answered();
      const others = {
        client: viaClient,
        again: rawCallAgain(target, server.url),
        slowed: slowedTo(KNOWN_RATIO, viaFetch),
      };
      const { fetchOnly, others: measured } = await interleave(viaFetch, others, plan);
      const { client, again, slowed } = measured;
      const sent = (await server.answered()) - before;
      const callers = 1 + Object.keys(others).length;
      const calls = callers * (plan.warmup + plan.rounds * plan.calls);
      if (sent !== calls) throw new Error(`${target.label}: ${calls} calls, but the server answered ${sent}`);
      rows.push([
        target.label,
        range(fetchOnly),
        range(client.perSecond),
        ratioCell(client),
        ratioCell(again),
        ratioCell(slowed),
      ]);
      records.push({
        target: target.label,
        warmupCalls: callers * plan.warmup,
        rounds: plan.rounds,
        callsPerRound: plan.calls,
        callsPerBlock: plan.block,
        rawCallsPerSecond: fetchOnly,
        clientCallsPerSecond: client.perSecond,
        ratio: client.ratio,
        ratioPerRound: client.perRound,
        control: { ratio: again.ratio, ratioPerRound: again.perRound },
        knownRatio: { expected: KNOWN_RATIO, ratio: slowed.ratio, ratioPerRound: slowed.perRound },
      });
    }
  } finally {
    await Promise.all(setups.map(({ server }) => server.stop()));
  }
  return { rows, records };
}

/** Failed only because it imports Node's own modules, which the neutral platform cannot resolve. */
function needsNode(error: unknown): boolean {
  const { errors } = error as Partial<BuildFailure>;
  if (!Array.isArray(errors) || errors.length === 0) return false;
  return errors.every((message) => {
    const name = /^Could not resolve "(.+)"$/.exec(message.text)?.[1];
    return name !== undefined && isBuiltin(name);
  });
}

/**
 * A client entry bundled as a browser or edge app would: for the neutral platform. An entry
 * that needs Node modules (Reporting streams its CSV exports) is bundled for Node instead.
 */
async function bundle(file: string): Promise<Uint8Array> {
  const options = {
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    logLevel: "silent",
  } as const satisfies BuildOptions;
  const attempt = (platform: "neutral" | "node") => build({ ...options, platform });
  const result = await attempt("neutral").catch((error: unknown) => {
    if (!needsNode(error)) throw error;
    return attempt("node");
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${file}`);
  return output.contents;
}

export async function bundleSizes() {
  const rows: Row[] = [];
  const records = [];
  for (const api of APIS) {
    // The entry as a consumer imports it, through the clients package's exports map.
    const code = await bundle(fileURLToPath(import.meta.resolve(api.client.entry)));
    const gzip = gzipSync(code).length;
    rows.push([api.client.entry, `${(code.length / 1024).toFixed(1)} KiB`, `${(gzip / 1024).toFixed(1)} KiB`]);
    records.push({ entry: api.id, minifiedBytes: code.length, gzipBytes: gzip });
  }
  return { rows, records };
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Connections autocannon keeps open: what the mocks must serve at p99 ≤ 5 ms. */
const CONNECTIONS = 32;

async function load(url: string, target: Target, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: `${url}${target.path}`,
    method: target.method,
    headers: target.headers,
    body: target.requestBody,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** Throws unless the server answers the target with the bytes the bare server sends. */
async function expectSameBytes(url: string, target: Target): Promise<void> {
  const response = await fetch(`${url}${target.path}`, {
    method: target.method,
    headers: target.headers,
    body: target.requestBody,
  });
  const text = await response.text();
  if (response.status !== 200 || text !== responseBytes(target)) {
    throw new Error(`${target.label}: ${url} answers ${response.status} ${text.slice(0, 200)}, not the bytes measured`);
  }
}

/** Loads a server `repeats` times; the bare baseline is loaded right after each run, for a ratio per pair. */
async function againstBare(server: Server, bare: Server, target: Target, repeats: number, seconds: number) {
  const runs: Load[] = [];
  const bareRuns: Load[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const [m, b] = [await load(server.url, target, seconds), await load(bare.url, target, seconds)];
    runs.push(m);
    bareRuns.push(b);
    ratios.push(m.rps / b.rps);
  }
  return { runs, bareRuns, ratio: summarize(ratios), errors: runs.reduce((n, r) => n + r.errors, 0) };
}

export async function mockThroughput({ repeats, seconds }: { repeats: number; seconds: number }) {
  const rows: Row[] = [];
  const records = [];
  for (const target of [...TARGETS, REPORTING_CSV]) {
    const bare = await startBare(target);
    const of = (list: Load[], key: keyof Load) => summarize(list.map((r) => r[key]));
    const engines: Partial<Record<EngineName, Awaited<ReturnType<typeof againstBare>>>> = {};
    // Prism serves the OpenAPI contracts only; the JSON-RPC mock is always ours.
    const names: EngineName[] = apiById(target.api).kind === "openapi" ? ["leanapis", "prism"] : ["leanapis"];
    for (const engine of names) {
      const mock = await startMock(target.api, engine);
      if (engine === "leanapis") await expectSameBytes(mock.url, target);
      engines[engine] = await againstBare(mock, bare, target, repeats, seconds);
      await mock.stop();
    }
    await bare.stop();
    const ours = engines.leanapis!;
    const prism = engines.prism;
    rows.push([
      target.label,
      range(of(ours.runs, "rps")),
      // The bare runs paired with ours, which its ratio is taken against.
      range(of(ours.bareRuns, "rps")),
      range(ours.ratio),
      `${of(ours.runs, "p50").median} / ${of(ours.runs, "p99").median}`,
      String(ours.errors),
      prism ? range(of(prism.runs, "rps")) : "n/a",
      prism ? range(prism.ratio) : "n/a",
    ]);
    records.push({ target: target.label, connections: CONNECTIONS, engines });
  }
  return { rows, records };
}

/** The share of the stateless mode's throughput the stateful mode must keep on the same reads. */
export const STATEFUL_FLOOR = 0.8;

/**
 * The stateful mode against the stateless one on the same reads (the targets above, of the
 * APIs whose contracts declare resources): each run loads one mode, then the other, for a
 * ratio per pair; their answers differ only where the stateful records do.
 */
export async function statefulThroughput({ repeats, seconds }: { repeats: number; seconds: number }) {
  const rows: Row[] = [];
  const records = [];
  for (const target of TARGETS.filter((t) => t.api === "leankit" || t.api === "leantime")) {
    const stateless = await startMock(target.api, "leanapis");
    const stateful = await startMock(target.api, "leanapis", ["--stateful"]);
    const runs: { stateless: Load; stateful: Load }[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const pair = {
        stateless: await load(stateless.url, target, seconds),
        stateful: await load(stateful.url, target, seconds),
      };
      runs.push(pair);
      ratios.push(pair.stateful.rps / pair.stateless.rps);
    }
    await Promise.all([stateless.stop(), stateful.stop()]);
    const ratio = summarize(ratios);
    const rps = (mode: "stateless" | "stateful") => summarize(runs.map((run) => run[mode].rps));
    const errors = runs.reduce((n, run) => n + run.stateless.errors + run.stateful.errors, 0);
    const verdict = ratio.median >= STATEFUL_FLOOR ? "yes" : "NO";
    rows.push([target.label, range(rps("stateless")), range(rps("stateful")), range(ratio), verdict, String(errors)]);
    records.push({ target: target.label, connections: CONNECTIONS, runs, ratio, floor: STATEFUL_FLOOR, errors });
  }
  return { rows, records };
}

/** Seconds from starting every mock (our engine) to each answering one request, per run. */
export async function mockStartup({ repeats }: { repeats: number }) {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const ports = await freePorts(APIS.length);
    const env = Object.fromEntries(APIS.map((api, i) => [api.mock.portEnv, String(ports[i])]));
    const started = performance.now();
    const mocks = await startProcess(MOCKS_CLI, [], {
      env,
      ready: new RegExp(`(?:http://127\\.0\\.0\\.1:\\d+[\\s\\S]*){${APIS.length}}`),
    });
    await Promise.all(
      APIS.map((api) => fetch(`http://127.0.0.1:${env[api.mock.portEnv]}/`).then((r) => r.arrayBuffer())),
    );
    times.push((performance.now() - started) / 1000);
    await mocks.stop();
  }
  const time = summarize(times);
  return { rows: [[`all ${APIS.length} mocks started and answering`, range(time, " s")]] as Row[], records: time };
}

function seconds(command: string, args: readonly string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  execFileSync(command, args, { cwd: root, stdio: "ignore", env: { ...process.env, ...env } });
  return (performance.now() - started) / 1000;
}

const turbo = (args: readonly string[]) => seconds("pnpm", ["exec", "turbo", "run", ...args, "--output-logs=none"]);

export async function pipeline({ repeats }: { repeats: number }) {
  const cold = summarize([turbo(["build", "test", "--force"])]);
  const warm = summarize(Array.from({ length: repeats }, () => turbo(["build", "test"])));
  // One line of one contract changes: lint, bundle and generate run again for it alone. The
  // line is new to every run: one an earlier run wrote would be answered from turbo's cache.
  const file = join(root, "specs/leanmote/components/schemas/Team.yaml");
  const original = readFileSync(file, "utf8");
  const edit: number[] = [];
  try {
    for (let i = 0; i < repeats; i++) {
      writeFileSync(file, `${original}# benchmark edit ${randomUUID()}\n`);
      edit.push(turbo(["generate", "--filter=@leanapis/clients"]));
    }
  } finally {
    writeFileSync(file, original);
  }
  turbo(["generate", "--filter=@leanapis/clients"]);
  const regen = summarize(edit);
  const rows: Row[] = [
    ["cold `turbo run build test` (no cache)", range(cold, " s")],
    ["warm `turbo run build test` (full cache hit)", range(warm, " s")],
    ["one-line spec edit → regenerate that client", range(regen, " s")],
  ];
  return { rows, records: { cold, warm, regenerateAfterEdit: regen } };
}

export async function typecheck({ repeats }: { repeats: number }) {
  const dir = mkdtempSync(join(tmpdir(), "leanapis-tsc-"));
  const config = join(dir, "tsconfig.json");
  // Whatever the client generator wrote: each API's types, and Reporting's export rows.
  const generated = join(root, "packages/clients/src/generated");
  const files = readdirSync(generated)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(generated, name));
  const compilerOptions = {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    module: "NodeNext",
    moduleResolution: "NodeNext",
    target: "ES2022",
  };
  writeFileSync(config, JSON.stringify({ compilerOptions, files }));
  const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
  const times = summarize(Array.from({ length: repeats }, () => seconds(process.execPath, [tsc, "-p", config])));
  const rows: Row[] = [[`tsc --noEmit, generated types of all ${APIS.length} APIs`, range(times, " s")]];
  return { rows, records: times };
}

export async function contractSuite() {
  const vitest = ["--filter", "@leanapis/contract-tests", "exec", "vitest", "run", "--reporter=dot"];
  const time = summarize([seconds("pnpm", vitest, { CI: "true" })]);
  const rows: Row[] = [["contract suites against the mocks (vitest run)", range(time, " s")]];
  return { rows, records: time };
}
