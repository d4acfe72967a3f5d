// Live runs: every read-only operation of each live API the run covers, called with ids the
// API itself listed (src/live/crawl-openapi.ts, crawl-openrpc.ts), every answer checked
// against the contract by the shared checker. An operation whose ids never turned up is
// reported as not reached, not as a failure; any violation fails the crawl, naming the
// operation and the place. Skipped where an API runs against its mock (the every-operation
// suite covers the mock).
import { mkdirSync, writeFileSync } from "node:fs";
import { createLeantimeClient, type LeantimeMethodName, LeantimeRpcError } from "@leanapis/clients/leantime";
import { APIS, loadContract } from "@leanapis/registry";
import { describe, expect, inject, it } from "vitest";
import { formatViolation } from "../check/exchange.js";
import { Contract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { authFor, loadClientEntry } from "../every-operation.js";
import { reportsDir } from "../reports.js";
import { RpcContract } from "../rpc-contract.js";
import { liveAuth } from "../targets.js";
import type { CrawlReport } from "./crawl.js";
import { crawlOpenApi, type Send } from "./crawl-openapi.js";
import { crawlOpenRpc } from "./crawl-openrpc.js";

const covered = inject("apis");
/** The API's own pace: a 429 is retried after the Retry-After it sends, however long within a minute. */
const RETRY = { retries: 3, maxDelayMs: 60_000, maxElapsedMs: 180_000 };
const USER_AGENT = "leanapis-contract-tests (live crawl)";

/** The crawl's outcome in the reports folder (live-<api>.json), for the contract command's summary. */
function writeCrawl(report: CrawlReport): void {
  mkdirSync(reportsDir(), { recursive: true });
  writeFileSync(new URL(`live-${report.api}.json`, reportsDir()), `${JSON.stringify(report, null, 2)}\n`);
}

function summary(report: CrawlReport): string {
  const answered = report.calls.filter((call) => typeof call.status === "number").length;
  const operations = new Set(report.calls.map((call) => call.operation)).size;
  return `${report.api} crawl: ${report.calls.length} calls to ${operations} read-only operations (${answered} answered as declared), ${report.violations.length} violations, ${report.notReached.length} not reached, ${report.failures.length} without an answer`;
}

function expectConforming(report: CrawlReport): void {
  writeCrawl(report);
  console.log(summary(report));
  // Every violation at once, each naming its operation and place (credentials already redacted).
  const violations = report.violations.map((violation) => `${violation.operation}: ${formatViolation(violation)}`);
  expect(violations, "answers that break the contract").toEqual([]);
  const failures = report.failures.map(({ operation, problem }) => `${operation}: ${problem}`);
  expect(failures, "calls that got no answer").toEqual([]);
  expect(report.calls.length, "calls made").toBeGreaterThan(0);
}

for (const api of APIS.filter(({ id }) => covered.includes(id))) {
  const live = liveAuth(api.id);
  describe.runIf(live !== undefined)(`the live ${api.title} API`, () => {
    if (api.kind === "openrpc") {
      const contract = new RpcContract(loadContract(api.id));
      trackCoverage(api.id, contract);
      it("answers every read-only method the crawl reaches as the contract says", { timeout: 600_000 }, async () => {
        const client = createLeantimeClient({
          baseUrl: live!.baseUrl,
          auth: Object.values(live!.auth)[0] as { apiKey: string },
          retry: RETRY,
          userAgent: USER_AGENT,
          fetch: contract.fetch(),
        });
        const send = (method: string, params: Record<string, unknown>) =>
          client.call(method as LeantimeMethodName, params as never);
        const statusOf = (error: unknown) =>
          error instanceof LeantimeRpcError ? (error.code ?? error.status) : undefined;
        expectConforming(await crawlOpenRpc(api.id, contract, send, statusOf));
      });
      return;
    }
    const contract = new Contract(loadContract(api.id));
    trackCoverage(api.id, contract);
    it("answers every read-only operation the crawl reaches as the contract says", { timeout: 600_000 }, async () => {
      const entry = await loadClientEntry(api);
      const clients = new Map<
        unknown,
        (method: string, path: string, init: object) => Promise<{ data?: unknown; response: Response }>
      >();
      const requestWith = (auth: unknown) => {
        let request = clients.get(auth);
        if (!request) {
          // Paced by the API's own 429s (the client-side burst gate is off): see RETRY.
          const client = entry.factory({
            baseUrl: live!.baseUrl,
            auth,
            retry: RETRY,
            userAgent: USER_AGENT,
            burst: false,
          });
          client.use(contract.middleware());
          request = client.request as typeof request;
          clients.set(auth, request!);
        }
        return request!;
      };
      const send: Send = async (operation, params) => {
        const request = requestWith(authFor(live!.auth, contract.document, operation.operation));
        const { data, response } = await request(operation.method.toUpperCase(), operation.path, {
          params,
          parseAs: "text",
        });
        const json =
          /[/+]json\b/.test(response.headers.get("content-type") ?? "") && typeof data === "string" && data !== "";
        // The middleware has checked the body already: JSON it let through parses.
        return { status: response.status, body: json ? (JSON.parse(data) as unknown) : data };
      };
      const statusOf = (error: unknown) => (error instanceof entry.errorClass ? error.status : undefined);
      expectConforming(await crawlOpenApi(api.id, contract, send, statusOf));
    });
  });
}
