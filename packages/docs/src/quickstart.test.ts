// Each quick start, run as written (the file the page shows) against the mocks: the mock's
// port-0 URL goes in through the API's base-URL variable, which the snippet reads before
// falling back to the registry's fixed mock URL.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type MockServer, startMocks } from "@leanapis/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedApis, mockUrl } from "./apis.js";

const run = promisify(execFile);
const cwd = fileURLToPath(new URL("..", import.meta.url));
const withQuickstart = documentedApis().flatMap(({ api, quickstart }) => (quickstart ? [{ api, quickstart }] : []));

/** The environment a reader has: none of the APIs' variables, save the ones given. */
function readerEnv(variables: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const { api } of withQuickstart) {
    delete env[api.live.baseUrl];
    for (const name of Object.values(api.live.variables)) delete env[name];
  }
  return { ...env, ...variables };
}

async function runSnippet(snippet: string, env: NodeJS.ProcessEnv) {
  return run(process.execPath, ["--import", "tsx", snippet], { cwd, env, encoding: "utf8", timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout: string; stderr: string }) => ({ ...error, code: error.code ?? -1 }),
  );
}

let mocks: { servers: MockServer[]; stop: () => Promise<void> };
beforeAll(async () => {
  const ports = Object.fromEntries(withQuickstart.map(({ api }) => [api.id, 0]));
  mocks = await startMocks({ apis: withQuickstart.map(({ api }) => api.id), ports });
}, 60_000);
afterAll(() => mocks?.stop());

describe.each(withQuickstart)("the $api.title quick start", ({ api, quickstart }) => {
  it("defaults to the registry's mock URL, overridable by the API's base-URL variable", () => {
    const code = readFileSync(quickstart.snippet, "utf8");
    expect(code).toContain(`baseUrl: process.env.${api.live.baseUrl} ?? "${mockUrl(api)}"`);
  });

  it("runs as written against the mock: exits 0, prints what it fetched, reports no error", async () => {
    const url = mocks.servers.find((server) => server.api === api.id)?.url ?? "";
    const { code, stdout, stderr } = await runSnippet(quickstart.snippet, readerEnv({ [api.live.baseUrl]: url }));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(stdout).not.toMatch(/\bundefined\b|\bNaN\b/);
  }, 90_000);

  it("fails loudly, naming the API, when nothing answers at the base URL", async () => {
    const { code, stderr } = await runSnippet(
      quickstart.snippet,
      readerEnv({ [api.live.baseUrl]: "http://127.0.0.1:9" }),
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain(api.title.split(" ")[0]);
  }, 90_000);
});
