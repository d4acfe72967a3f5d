// The code samples the build wrote for the reference pages (dist/samples/): every curl
// sample is run against the mocks and must get one of the successes its operation declares;
// every client sample is type-checked against the real client.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { operationCount } from "@leanapis/contract-helpers";
import { type MockServer, startMocks } from "@leanapis/mocks";
import { APIS, loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockUrl } from "./apis.js";
import type { OperationSamples } from "./samples.js";

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const docs = fileURLToPath(new URL("..", import.meta.url));
const built = (id: string): OperationSamples[] =>
  JSON.parse(readFileSync(join(docs, "dist/samples", `${id}.json`), "utf8")) as OperationSamples[];

/**
 * Client samples that do not compile because of the client's generated types, not the sample:
 * a parameter whose schema is `{}` (any JSON) is typed as an object. Each must still fail;
 * when the client is fixed, its entry goes.
 */
const CLIENT_TYPE_DEFECTS = new Set(["leantime.rpc.Users.Users.updateUserSettings"]);

let mocks: { servers: MockServer[]; stop: () => Promise<void> };
let cwd: string;
beforeAll(async () => {
  mocks = await startMocks({ ports: Object.fromEntries(APIS.map((api) => [api.id, 0])), burst: false });
  // The multipart samples attach a local file, as a reader would.
  cwd = mkdtempSync(join(tmpdir(), "leanapis-samples-"));
  writeFileSync(join(cwd, "notes.txt"), "release notes\n");
}, 60_000);
afterAll(async () => {
  await mocks?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** Runs `sample` (a curl command) in a shell, with only its origin moved to `url`; its status and body. */
async function runCurl(sample: string, origin: string, url: string): Promise<{ status: number; body: string }> {
  const command = `${sample.replaceAll(origin, url)} -sS -w '\\n%{http_code}'`;
  const { stdout } = await run("sh", ["-c", command], { cwd, encoding: "utf8", timeout: 30_000 });
  const at = stdout.lastIndexOf("\n");
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
}

/** At most `limit` of `tasks` at once. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe.each(APIS.map((api) => ({ api, title: api.title })))("$title code samples", ({ api }) => {
  it("exist for every operation or method of the contract", () => {
    const samples = built(api.id);
    expect(samples.length).toBe(operationCount(loadContract(api.id)));
    for (const sample of samples) {
      expect(sample.curl).toMatch(/^curl -X [A-Z]+ 'http:\/\/127\.0\.0\.1:\d+\//);
      expect(sample.client).toContain(`import { ${api.client.factory} } from "${api.client.entry}";`);
    }
  });

  it("curl: each sample, run as shown, gets a success its operation declares", async () => {
    const url = mocks.servers.find((server) => server.api === api.id)?.url ?? "";
    const samples = built(api.id);
    const outcomes = await pool(
      samples.map((sample) => async () => {
        const { status, body } = await runCurl(sample.curl, mockUrl(api), url);
        const rpcFailure = sample.rpc && !(status === 200 && "result" in (JSON.parse(body) as object));
        return sample.successes.includes(status) && !rpcFailure
          ? undefined
          : `${sample.id}: ${status} ${body.slice(0, 200)}`;
      }),
      4,
    );
    expect(outcomes.filter(Boolean)).toEqual([]);
  }, 600_000);
});

describe("the client samples", () => {
  it("type-check against the real client, save the known client-type defects (which still fail)", async () => {
    const failing = await run(process.execPath, [tsc, "-p", "tsconfig.samples.json"], {
      cwd: docs,
      encoding: "utf8",
      timeout: 300_000,
    }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    const ids = new Set<string>();
    for (const [, file, line] of failing.matchAll(/^(dist\/samples\/[\w.-]+)\((\d+),\d+\): error/gm)) {
      const lines = readFileSync(join(docs, file!), "utf8").split("\n").slice(0, Number(line));
      const header = lines.findLast((l) => l.startsWith("// "));
      ids.add(header?.slice(3) ?? `${file}:${line}`);
    }
    expect([...ids].sort()).toEqual([...CLIENT_TYPE_DEFECTS].sort());
  }, 300_000);
});
