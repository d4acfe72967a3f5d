// The measurements. Each returns rows for the table and records for the JSON report.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { build } from "esbuild";
import { freePort, startProcess } from "./processes.mjs";
import { range, summarize } from "./stats.mjs";
import { rawCall, TARGETS } from "./targets.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BARE_SERVER = new URL("./bare-server.mjs", import.meta.url);
const MOCKS_CLI = new URL("../../packages/mocks/dist/cli.js", import.meta.url);
const MOCK_PORT_ENV = { leankit: "LEANKIT_MOCK_PORT", reporting: "REPORTING_MOCK_PORT", leanmote: "LEANMOTE_MOCK_PORT", leantime: "LEANTIME_MOCK_PORT" };

async function startBare(target) {
  const file = join(mkdtempSync(join(tmpdir(), "leanapis-bench-")), "body.json");
  writeFileSync(file, JSON.stringify(target.body));
  const server = await startProcess(BARE_SERVER, [file, "application/json"], { ready: /listening (\d+)/ });
  return { url: `http://127.0.0.1:${server.match[1]}`, stop: server.stop };
}

async function startMock(api) {
  const port = await freePort();
  const mock = await startProcess(MOCKS_CLI, [api], { env: { [MOCK_PORT_ENV[api]]: String(port) }, ready: /(http:\/\/127\.0\.0\.1:\d+)/ });
  return { url: mock.match[1], stop: mock.stop };
}

/** Calls per second of `call`, one at a time, for `ms`. */
async function callsPerSecond(call, ms) {
  for (let i = 0; i < 20; i++) await call(); // warm up connections and JIT
  let count = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    await call();
    count++;
  }
  return count / (ms / 1000);
}

export async function clientOverhead({ repeats, ms }) {
  const rows = [];
  const records = [];
  for (const target of TARGETS) {
    const server = await startBare(target);
    const raw = [];
    const client = [];
    const viaClient = target.client(server.url);
    const viaFetch = rawCall(target, server.url);
    for (let i = 0; i < repeats; i++) {
      raw.push(await callsPerSecond(viaFetch, ms));
      client.push(await callsPerSecond(viaClient, ms));
    }
    await server.stop();
    const ratio = summarize(client.map((c, i) => c / raw[i]));
    const [r, c] = [summarize(raw), summarize(client)];
    rows.push([target.label, range(r), range(c), range(ratio)]);
    records.push({ target: target.label, rawCallsPerSecond: r, clientCallsPerSecond: c, ratio });
  }
  return { rows, records };
}

export async function bundleSizes() {
  const rows = [];
  const records = [];
  for (const api of ["leankit", "reporting", "leanmote", "leantime"]) {
    const result = await build({
      entryPoints: [fileURLToPath(new URL(`../../packages/clients/dist/${api}/index.js`, import.meta.url))],
      bundle: true,
      minify: true,
      format: "esm",
      platform: api === "reporting" ? "node" : "neutral",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0].contents;
    const gzip = gzipSync(code).length;
    rows.push([`@leanapis/clients/${api}`, `${(code.length / 1024).toFixed(1)} KiB`, `${(gzip / 1024).toFixed(1)} KiB`]);
    records.push({ entry: api, minifiedBytes: code.length, gzipBytes: gzip });
  }
  return { rows, records };
}

async function load(url, target, seconds) {
  const result = await autocannon({
    url: `${url}${target.path}`,
    method: target.method,
    headers: target.headers,
    body: target.requestBody,
    connections: 10,
    duration: seconds,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function mockThroughput({ repeats, seconds }) {
  const rows = [];
  const records = [];
  for (const target of TARGETS) {
    const mock = await startMock(target.api);
    const bare = await startBare(target);
    const runs = { mock: [], bare: [] };
    for (let i = 0; i < repeats; i++) {
      runs.mock.push(await load(mock.url, target, seconds));
      runs.bare.push(await load(bare.url, target, seconds));
    }
    await Promise.all([mock.stop(), bare.stop()]);
    const of = (list, key) => summarize(list.map((r) => r[key]));
    const ratio = summarize(runs.mock.map((m, i) => m.rps / runs.bare[i].rps));
    rows.push([
      target.label,
      range(of(runs.mock, "rps")),
      range(of(runs.bare, "rps")),
      range(ratio),
      `${of(runs.mock, "p50").median} / ${of(runs.mock, "p99").median}`,
      `${of(runs.bare, "p50").median} / ${of(runs.bare, "p99").median}`,
    ]);
    records.push({ target: target.label, mock: runs.mock, bare: runs.bare, ratio, errors: runs.mock.reduce((n, r) => n + r.errors, 0) });
  }
  return { rows, records };
}

function seconds(command, args, env = {}) {
  const started = performance.now();
  execFileSync(command, args, { cwd: root, stdio: "ignore", env: { ...process.env, ...env } });
  return (performance.now() - started) / 1000;
}

const turbo = (args) => seconds("pnpm", ["exec", "turbo", "run", ...args, "--output-logs=none"]);

export async function pipeline({ repeats }) {
  const cold = summarize([turbo(["build", "test", "--force"])]);
  const warm = summarize(Array.from({ length: repeats }, () => turbo(["build", "test"])));
  // One line of one contract changes: lint, bundle and generate run again for it alone.
  const file = join(root, "specs/leanmote/components/schemas/Team.yaml");
  const original = readFileSync(file, "utf8");
  const edit = [];
  try {
    for (let i = 0; i < repeats; i++) {
      writeFileSync(file, `${original}# benchmark edit ${i}\n`);
      edit.push(turbo(["generate", "--filter=@leanapis/clients"]));
    }
  } finally {
    writeFileSync(file, original);
  }
  turbo(["generate", "--filter=@leanapis/clients"]);
  const regen = summarize(edit);
  return {
    rows: [
      ["cold `turbo run build test` (no cache)", range(cold, " s")],
      ["warm `turbo run build test` (full cache hit)", range(warm, " s")],
      ["one-line spec edit → regenerate that client", range(regen, " s")],
    ],
    records: { cold, warm, regenerateAfterEdit: regen },
  };
}

export async function typecheck({ repeats }) {
  const dir = mkdtempSync(join(tmpdir(), "leanapis-tsc-"));
  const config = join(dir, "tsconfig.json");
  const files = ["leankit", "reporting", "reporting-exports", "leanmote", "leantime"].map((f) => join(root, `packages/clients/src/generated/${f}.ts`));
  writeFileSync(config, JSON.stringify({ compilerOptions: { noEmit: true, strict: true, skipLibCheck: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022" }, files }));
  const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
  const times = summarize(Array.from({ length: repeats }, () => seconds(process.execPath, [tsc, "-p", config])));
  return { rows: [["tsc --noEmit, generated types of all four APIs", range(times, " s")]], records: times };
}

export async function contractSuite() {
  const time = summarize([seconds("pnpm", ["--filter", "@leanapis/contract-tests", "exec", "vitest", "run", "--reporter=dot"], { CI: "true" })]);
  return { rows: [["contract suites against the mocks (vitest run)", range(time, " s")]], records: time };
}
