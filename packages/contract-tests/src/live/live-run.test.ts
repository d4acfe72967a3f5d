// A live run end to end, through the entry `npm run contract` uses (scripts/contract.ts, as a
// child process), against a stand-in: the stateful mocks on free ports behind recording
// proxies, given as the live URLs with made-up credentials. It must pass, reach operations
// by real conditions and be judged by them alone, write only with LEANAPIS_LIVE_WRITES=1 and
// remove what it wrote, and never print a credential or a minted token, in its output or in
// any report file. A stand-in that drifts must fail the run, naming the operation, and the
// token the run minted must still be revoked.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openRpcMethods, type ResourceDeclaration } from "@leanapis/contract-helpers";
import { APIS, type ApiId, apiById, loadContract } from "@leanapis/registry";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REPORTS_DIR_VARIABLE } from "../reports.js";
import { type Alteration, type Passed, type StandIn, startStandIn } from "./stand-in.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = createRequire(import.meta.url).resolve("tsx/cli");

/** Made-up credentials, long and unique enough that finding one in the output can only mean it leaked. */
const SECRETS = {
  token: `lk-token-${randomUUID()}`,
  username: `ada-${randomUUID().slice(0, 8)}`,
  password: `lk-password-${randomUUID()}`,
  email: "ada@example.com",
  reportingPassword: `rp-password-${randomUUID()}`,
  leanmoteToken: `lm-token-${randomUUID()}`,
  apiKey: `lt_ada_${randomUUID().replaceAll("-", "")}`,
};

/** The live variables of each API the stand-in serves, pointing at it (names from the registry). */
function liveEnvironment(urls: Partial<Record<ApiId, string>>): Record<string, string> {
  const values: Record<ApiId, Record<string, string>> = {
    leankit: { token: SECRETS.token, username: SECRETS.username, password: SECRETS.password },
    reporting: { email: SECRETS.email, password: SECRETS.reportingPassword },
    leanmote: { token: SECRETS.leanmoteToken },
    leantime: { apiKey: SECRETS.apiKey },
  };
  const env: Record<string, string> = {};
  for (const { id, live } of APIS) {
    const url = urls[id];
    if (url === undefined) continue;
    // Written with a trailing slash, as users often copy a site's address.
    env[live.baseUrl] = `${url}/`;
    for (const [role, variable] of Object.entries(live.variables)) {
      const value = values[id][role];
      if (value !== undefined) env[variable] = value;
    }
  }
  return env;
}

interface Run {
  code: number | null;
  output: string;
  /** Every report file the run wrote, by path. */
  files: Map<string, string>;
  reports: string;
}

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const [inner, text] of filesUnder(path)) files.set(inner, text);
    else files.set(path, readFileSync(path, "utf8"));
  }
  return files;
}

const reportDirs: string[] = [];
afterAll(() => {
  for (const dir of reportDirs) rmSync(dir, { recursive: true, force: true });
});

/** A script of the package as a child process (through tsx, as its package script runs it): exit code and output. */
async function script(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [tsx, ...args], { cwd: packageDir, env });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output };
}

/** The environment of a child run: only the stand-in's variables, nothing of this test run (vitest's, a live configuration). */
function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const liveVariables = new Set<string>(APIS.flatMap(({ live }) => [live.baseUrl, ...Object.values(live.variables)]));
  const inherited = Object.entries(process.env).filter(
    ([name]) => !name.startsWith("VITEST") && !name.startsWith("LEANAPIS_") && !liveVariables.has(name),
  );
  return { ...Object.fromEntries(inherited), ...extra, NO_COLOR: "1" };
}

/** `npm run contract -- --api …`'s entry as a child process, with the stand-in's variables, its reports in a folder of its own. */
async function contractRun(
  apis: ApiId[],
  urls: Partial<Record<ApiId, string>>,
  extra: Record<string, string> = {},
): Promise<Run> {
  const reports = mkdtempSync(join(tmpdir(), "leanapis-live-run-"));
  reportDirs.push(reports);
  const env = childEnvironment({ ...liveEnvironment(urls), ...extra, [REPORTS_DIR_VARIABLE]: reports });
  const { code, output } = await script(["scripts/contract.ts", "--api", apis.join(",")], env);
  return { code, output, files: filesUnder(reports), reports };
}

/** The tokens the stand-in's answers minted (LeanKit's createToken, Reporting's login). */
function minted(passed: readonly Passed[]): string[] {
  return passed.flatMap(({ answer }) => {
    const token = (answer as { token?: unknown } | undefined)?.token;
    return typeof token === "string" && token.length >= 8 ? [token] : [];
  });
}

/** Fails naming the secret and where it showed up. */
function expectNoSecret(run: Run, passed: readonly Passed[]): void {
  const basic = Buffer.from(`${SECRETS.username}:${SECRETS.password}`).toString("base64");
  const secrets = [
    ...Object.entries(SECRETS).filter(([name]) => name !== "email" && name !== "username"),
    ["basic", basic],
  ];
  for (const [index, token] of minted(passed).entries()) secrets.push([`minted token ${index + 1}`, token]);
  const places = [["the output", run.output], ...run.files] as const;
  const leaks = secrets.flatMap(([name, secret]) =>
    places.filter(([, text]) => text.includes(secret!)).map(([place]) => `${name} in ${place}`),
  );
  expect(leaks).toEqual([]);
}

/** Per API, the summary's figures: operations checked and reached, declared statuses reached. */
function summaryOf(output: string, api: ApiId) {
  const line = new RegExp(
    `^${api} \\(LIVE at [^)]+\\): (\\d+)/(\\d+) operations checked, (\\d+) reached by a real condition; (\\d+)/(\\d+) declared statuses reached; (\\d+) violation`,
    "m",
  ).exec(output);
  if (!line) throw new Error(`no live summary line for ${api} in:\n${output}`);
  const [checked, operations, reached, statusesReached, statuses, violations] = line.slice(1).map(Number);
  return { checked, operations, reached, statusesReached, statuses, violations, line: line[0] };
}

/** The JSON-RPC methods that write: declared creates, updates and deletes, and those named for writing. */
const leantimeWrites = new Set(
  openRpcMethods(loadContract("leantime"))
    .filter((method) => {
      const action = (method as { "x-resource"?: ResourceDeclaration })["x-resource"]?.action;
      return (
        (action !== undefined && action !== "read" && action !== "list") ||
        /\.(add|create|update|patch|delete|edit|save|remove)[A-Z]?\w*$/.test(method.name)
      );
    })
    .map((method) => method.name),
);

/** The requests that changed something: any non-GET REST call but Reporting's login, and every writing JSON-RPC method. */
function writesIn(passed: readonly Passed[]): string[] {
  return passed.flatMap((request) => {
    if (request.api === "leantime") return request.rpcMethods.filter((method) => leantimeWrites.has(method));
    const login = request.api === "reporting" && request.url.startsWith("/io/reporting/auth");
    return request.method === "GET" || request.method === "HEAD" || login ? [] : [`${request.method} ${request.url}`];
  });
}

const basicHeader = () => `Basic ${Buffer.from(`${SECRETS.username}:${SECRETS.password}`).toString("base64")}`;

/** The tokens the stand-in's LeanKit still lists, asked of the mock directly. */
async function tokensLeft(standIn: StandIn): Promise<{ id: string; description: string }[]> {
  const response = await fetch(`${standIn.mockUrls.leankit}/io/auth/token`, {
    headers: { Authorization: basicHeader() },
  });
  return ((await response.json()) as { tokens: { id: string; description: string }[] }).tokens;
}

const COMMENTS = "leantime.rpc.Comments.Comments.getComments";

/** The headlines of the tickets the scenario suite made that the stand-in's Leantime still has, asked of the mock directly. */
async function scenarioTickets(standIn: StandIn): Promise<string[]> {
  const response = await fetch(`${standIn.mockUrls.leantime}/api/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": SECRETS.apiKey },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "leantime.rpc.Tickets.Tickets.getAll", params: {} }),
  });
  const { result } = (await response.json()) as { result: { headline?: string | null }[] };
  return result.flatMap(({ headline }) => (headline?.startsWith("leanapis scenario") ? [headline] : []));
}

/** The ids of what POSTs to `path` created, as the stand-in answered them. */
const createdAt = (passed: readonly Passed[], path: RegExp) =>
  passed.flatMap(({ method, url, status, answer }) =>
    method === "POST" && path.test(url) && status < 300 ? [String((answer as { id: unknown }).id)] : [],
  );

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
});

describe("a live run against a stand-in (the mocks behind proxies, given as the live URLs)", () => {
  it("passes read-only, judged by what it reached, with no write and no secret printed", {
    timeout: 300_000,
  }, async () => {
    standIn = await startStandIn(APIS.map(({ id }) => id));
    const run = await contractRun(["leankit", "reporting", "leanmote", "leantime"], standIn.urls);

    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("conformance: PASS");
    for (const { id } of APIS) {
      const summary = summaryOf(run.output, id);
      expect(summary.reached, summary.line).toBeGreaterThan(0);
      expect(summary.statusesReached, summary.line).toBeGreaterThan(0);
      // Judged by what it reached: far from every declared status, and nothing forced.
      expect(summary.statusesReached, summary.line).toBeLessThan(summary.statuses!);
      expect(summary.violations).toBe(0);
      // Only what the live API answered counts: no suite's own mock adds to a live API's figures.
      const calls = standIn.passed.filter((passed) => passed.api === id);
      const sent = new Set(
        id === "leantime"
          ? calls.flatMap(({ rpcMethods }) => rpcMethods)
          : calls.map(({ method, url }) => `${method} ${url}`),
      );
      expect(summary.reached, summary.line).toBeLessThanOrEqual(sent.size);
    }
    // Operations whose ids never turned up are listed, and do not fail the run.
    expect(run.output).toMatch(/not reached \(no id found\): leantime\.rpc\./);
    // `Prefer` does not exist live: the run never asked for an answer.
    expect(standIn.passed.filter(({ headers }) => headers.prefer !== undefined)).toEqual([]);
    // The crawl went down the lists: boards → cards → comments, teams → members, projects → tickets → comments.
    const urls = standIn.passed.map(({ url }) => url.split("?")[0]);
    expect(urls).toContainEqual(expect.stringMatching(/^\/io\/card\/[^/]+\/comment$/));
    expect(urls).toContainEqual(expect.stringMatching(/^\/v1\/teams\/[^/]+\/members$/));
    const called = standIn.passed.flatMap(({ rpcMethods }) => rpcMethods);
    expect(called).toContain("leantime.rpc.Comments.Comments.getComments");
    expect(standIn.passed.some(({ url }) => url.startsWith("/io/reporting/export/"))).toBe(true);
    expect(writesIn(standIn.passed)).toEqual([]);
    // Reporting's login minted a token: it is among the secrets looked for.
    expect(minted(standIn.passed).length).toBeGreaterThan(0);
    expectNoSecret(run, standIn.passed);

    // The report after `npm test` reads the same records, and judges the live APIs the same way.
    const report = await script(
      ["scripts/report.ts", "--summary"],
      childEnvironment({ [REPORTS_DIR_VARIABLE]: run.reports }),
    );
    expect(report.code, report.output).toBe(0);
    for (const { id } of APIS) expect(report.output).toContain(summaryOf(run.output, id).line);
  });

  it("writes only with LEANAPIS_LIVE_WRITES=1, and removes what it wrote", { timeout: 300_000 }, async () => {
    standIn = await startStandIn(["leankit", "leantime"]);
    const before = (await tokensLeft(standIn)).map(({ id }) => id);
    const run = await contractRun(["leankit", "leantime"], standIn.urls, { LEANAPIS_LIVE_WRITES: "1" });

    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("live writes ON");
    const writes = writesIn(standIn.passed);
    expect(writes).toContainEqual(expect.stringMatching(/^POST \/io\/auth\/token$/));
    expect(writes).toContainEqual(expect.stringMatching(/^POST \/io\/card/));
    expect(writes).toContain("leantime.rpc.Tickets.Tickets.addTicket");
    // Gone afterwards: the minted token, every card, the ticket.
    const tokens = createdAt(standIn.passed, /^\/io\/auth\/token$/);
    expect(tokens.length).toBeGreaterThan(0);
    expect((await tokensLeft(standIn)).map(({ id }) => id)).toEqual(before);
    const cards = createdAt(standIn.passed, /^\/io\/card(\?|$)/);
    expect(cards.length).toBeGreaterThan(0);
    for (const cardId of cards) {
      const response = await fetch(`${standIn.mockUrls.leankit}/io/card/${cardId}`, {
        headers: { Authorization: `Bearer ${SECRETS.token}` },
      });
      expect(response.status, `card ${cardId}`).toBe(404);
    }
    expect(await scenarioTickets(standIn)).toEqual([]);
    expectNoSecret(run, standIn.passed);
  });

  it("fails when the stand-in drifts, naming the operation, and still removes what it wrote", {
    timeout: 300_000,
  }, async () => {
    // Three answers drift: a card's comments lose their paging metadata (reached only by the
    // crawl, boards → cards → comments), the token just created comes back with a number for
    // its description (so the scenario never learns the token's id from its client), and
    // Leantime's comments come back as text (projects → tickets → comments).
    const drift: Alteration = ({ method, path, rpcMethods }, body) => {
      const answer = body as Record<string, unknown>;
      if (method === "GET" && /^\/io\/card\/[^/]+\/comment$/.test(path)) {
        delete answer.pageMeta;
        return answer;
      }
      if (method === "POST" && path === "/io/auth/token") return { ...answer, description: 42 };
      if (rpcMethods.length === 1 && rpcMethods[0] === COMMENTS && "result" in answer)
        return { ...answer, result: "drifted" };
      return undefined;
    };
    standIn = await startStandIn(["leankit", "leantime"], drift);
    const before = (await tokensLeft(standIn)).map(({ id }) => id);
    const run = await contractRun(["leankit", "leantime"], standIn.urls, { LEANAPIS_LIVE_WRITES: "1" });

    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain("conformance: FAIL");
    expect(run.output).toMatch(/listComments: body \/pageMeta: is required but missing/);
    expect(run.output).toMatch(/createToken: body \/description: must be string/);
    expect(run.output).toContain(`${COMMENTS}: result`);
    expect(summaryOf(run.output, "leankit").violations).toBeGreaterThan(0);
    expect(summaryOf(run.output, "leantime").violations).toBeGreaterThan(0);
    // The JUnit report names the failures too.
    const junit = [...run.files].find(([path]) => path.endsWith("junit.xml"))?.[1] ?? "";
    expect(junit).toContain("listComments");
    expect(junit).toContain(COMMENTS);
    // Revoked although its creation broke the contract; the ticket deleted although its comments did.
    const tokens = createdAt(standIn.passed, /^\/io\/auth\/token$/);
    expect(tokens.length).toBeGreaterThan(0);
    for (const tokenId of tokens)
      expect(standIn.passed.some(({ method, url }) => method === "DELETE" && url === `/io/auth/token/${tokenId}`)).toBe(
        true,
      );
    expect((await tokensLeft(standIn)).map(({ id }) => id)).toEqual(before);
    expect(standIn.passed.flatMap(({ rpcMethods }) => rpcMethods)).toContain("leantime.rpc.Tickets.Tickets.addTicket");
    expect(await scenarioTickets(standIn)).toEqual([]);
    expectNoSecret(run, standIn.passed);
  });
});

it("refuses an unknown API, and a base URL without its credentials, as usage errors", {
  timeout: 120_000,
}, async () => {
  const unknown = await script(["scripts/contract.ts", "--api", "leankit,jira"], childEnvironment({}));
  expect(unknown.code).toBe(2);
  expect(unknown.output).toContain("contract: unknown API jira (known: leankit, reporting, leanmote, leantime)");
  const bare = await script(["scripts/contract.ts"], childEnvironment({ LEANMOTE_BASE_URL: "http://127.0.0.1:9" }));
  expect(bare.code).toBe(2);
  expect(bare.output).toContain("contract: LEANMOTE_BASE_URL is set but LEANMOTE_TOKEN is not.");
});

// The registry is where the variables come from: a new live variable needs a value here.
it("gives the stand-in a value for every live variable the registry declares", () => {
  const env = liveEnvironment({ leankit: "a", reporting: "b", leanmote: "c", leantime: "d" });
  const declared: string[] = APIS.flatMap(({ id }) => Object.values(apiById(id).live.variables));
  expect(declared.filter((variable) => env[variable] === undefined)).toEqual(["LEANKIT_CARD_ID"]);
});
