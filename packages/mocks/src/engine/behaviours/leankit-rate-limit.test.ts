// LeanKit's rate-limit headers: its reference (Rate Limiting) says they are "added to each
// response", counted per authenticated user in a 60-second window that starts with the first
// request. The contract requires them on every response it declares them on, and the mock
// sends them, counted, on every answer to an authenticated request, refusals included.
import { deref, type OpenAPIV3_1, openApiOperations } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "../../index.js";
import { leankitBehaviour } from "./leankit.js";

const document = loadContract("leankit");
const NAMES = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock("leankit", 0);
});
afterAll(() => mock.stop());

async function call(path: string, headers: Record<string, string>, init: { method?: string; body?: string } = {}) {
  const response = await fetch(`${mock.url}${path}`, { method: init.method ?? "GET", headers, body: init.body });
  await response.arrayBuffer();
  return { status: response.status, headers: response.headers };
}
const rate = (headers: Headers) => NAMES.map((name) => headers.get(name));

describe("the contract", () => {
  it("requires the three headers on every response that declares them, and every success declares them", () => {
    let successes = 0;
    for (const { path, method, operation } of openApiOperations(document)) {
      for (const [status, node] of Object.entries(operation.responses ?? {})) {
        const headers = deref<OpenAPIV3_1.ResponseObject>(document, node)?.headers ?? {};
        if (status.startsWith("2")) successes++;
        if (!status.startsWith("2") && !(NAMES[0]! in headers)) continue;
        for (const name of NAMES) {
          const header = deref<OpenAPIV3_1.HeaderObject>(document, headers[name]);
          expect(header?.required, `${method.toUpperCase()} ${path} ${status} ${name}`).toBe(true);
        }
      }
    }
    expect(successes).toBeGreaterThan(100);
  });
});

describe("the mock", () => {
  it("counts each credential's requests down from the limit, in a window that ends 60 s after its first request", async () => {
    const user = { authorization: "Bearer counted-user" };
    const before = Math.floor(Date.now() / 1000);
    const first = await call("/io/board/943188457", user);
    const second = await call("/io/user/me", user);
    const other = await call("/io/user/me", { authorization: "Bearer another-user" });
    const after = Math.ceil(Date.now() / 1000);

    expect(first.status).toBe(200);
    const [limit, remaining, reset] = rate(first.headers).map(Number) as [number, number, number];
    expect(limit).toBe(120);
    expect(remaining).toBe(119);
    expect(reset).toBeGreaterThanOrEqual(before + 60);
    expect(reset).toBeLessThanOrEqual(after + 60);
    expect(rate(second.headers)).toEqual(["120", "118", String(reset)]);
    expect(rate(other.headers)[1]).toBe("119");
  });

  it.each([
    ["a validation refusal (422)", "/io/board/abc", {}, 422],
    ["a refusal the operation does not declare (415)", "/io/card/1234", { method: "PATCH", body: "x" }, 415],
    ["an answer asked for with Prefer (403)", "/io/board/943188457", { prefer: "code=403" }, 403],
    ["a success without a body (204)", "/io/card/1234", { method: "DELETE" }, 204],
  ] as const)("sends them with %s", async (_case, path, extra, status) => {
    const { method, body, ...headers } = extra as { method?: string; body?: string; prefer?: string };
    const answer = await call(
      path,
      { authorization: "Bearer refused-user", "content-type": "text/plain", ...headers },
      { method, body },
    );
    expect(answer.status).toBe(status);
    for (const value of rate(answer.headers)) expect(value).toMatch(/^\d+$/);
  });

  it("on a 429 reports the window used up", async () => {
    const answer = await call("/io/board/943188457", { authorization: "Bearer limited-user", prefer: "code=429" });
    expect(answer.status).toBe(429);
    expect(answer.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(answer.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
  });

  it("sends none to a request without valid credentials: no user to count", async () => {
    const refused = await call("/io/board/943188457", {});
    expect(refused.status).toBe(401);
    expect(rate(refused.headers)).toEqual([null, null, null]);
  });

  it("starts a credential's next window once the last one is over", () => {
    let clock = 1_700_000_000_000;
    const behaviour = leankitBehaviour(() => clock);
    const request = { method: "GET", path: "/io/user/me", headers: { authorization: "Bearer clocked" } };
    const answer = () => {
      behaviour.admit!({ request, credentials: { bearerAuth: "clocked" } } as never);
      return behaviour.finish!(request as never, { status: 200, headers: {}, body: undefined }).headers;
    };
    expect(answer()["x-ratelimit-reset"]).toBe(String(1_700_000_060));
    clock += 59_999;
    expect(answer()["x-ratelimit-remaining"]).toBe("118");
    clock += 1;
    expect(answer()).toMatchObject({ "x-ratelimit-remaining": "119", "x-ratelimit-reset": String(1_700_000_120) });
  });
});
