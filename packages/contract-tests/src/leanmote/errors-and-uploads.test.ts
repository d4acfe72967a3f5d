// What Leanmote's docs say of every response and of UPLOAD-DATA, held against the contract
// and a mock of it: each error status carries its own code and the rate-limit headers, and
// an upload signed as Leanmote's harness client signs it is stored.
import { createHmac } from "node:crypto";
import { type MockServer, startMock } from "@leanapis/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExchange } from "../check/check-exchange.js";

const RATE_LIMIT = { "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "999", "x-ratelimit-reset": "1767225600" };
const STATUS_CODES: [number, string][] = [
  [400, "VALIDATION_ERROR"],
  [401, "UNAUTHORIZED"],
  [403, "FORBIDDEN"],
  [404, "NOT_FOUND"],
  [429, "RATE_LIMITED"],
  [500, "SERVER_ERROR"],
];

/** An error answer of GET /v1/teams/{team_id}, which declares each of those statuses. */
function teamError(status: number, code: string, headers: Record<string, string> = RATE_LIMIT) {
  const body = JSON.stringify({ status: "error", error: { code, message: "Something went wrong" } });
  return checkExchange("leanmote", {
    request: { method: "GET", url: "/v1/teams/team_77" },
    response: { status, headers: { ...headers, "content-type": "application/json", "retry-after": "60" }, body },
  });
}

describe("Leanmote error answers, by the contract", () => {
  it.each(STATUS_CODES)("a %i with its own code %s conforms", (status, code) => {
    expect(teamError(status, code)).toEqual([]);
  });

  it.each(STATUS_CODES)("a %i with any other code is a violation at /error/code", (status, code) => {
    for (const [, other] of STATUS_CODES.filter(([, c]) => c !== code)) {
      const violations = teamError(status, other);
      expect(violations.map((v) => v.place)).toEqual(["body /error/code"]);
      expect(violations[0]!.value).toBe(other);
    }
  });

  it.each(STATUS_CODES)("a %i without the rate-limit headers is a violation per header", (status, code) => {
    expect(teamError(status, code, {}).map((v) => v.place)).toEqual([
      "header X-RateLimit-Limit",
      "header X-RateLimit-Remaining",
      "header X-RateLimit-Reset",
    ]);
  });
});

describe("UPLOAD-DATA against the Leanmote mock", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock("leanmote", 0, { burst: false });
  });
  afterAll(() => mock?.stop());

  /** Signed as leanmote-harness's sign_and_post.py signs: HMAC-SHA256 of "{timestamp}.{body}". */
  function signed(body: string, secret: string, timestamp: number) {
    const signature = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
    return {
      authorization: "Bearer app-credential",
      "content-type": "application/json",
      "x-ahoe-signature": signature,
      "x-ahoe-timestamp": String(timestamp),
      "x-ahoe-skill-version": "0.3.1",
    };
  }

  const payload = JSON.stringify({
    schema_version: "ahoe.diagnostic.v0",
    scope: "single_agent",
    run: {
      id: "run-1",
      started_at: "2026-02-01T08:00:00Z",
      completed_at: "2026-02-01T08:05:00Z",
      skill_version: "0.3.1",
    },
    maturity_vector: {},
    agents: [{ external_id: "triage-bot" }],
    findings: [],
  });

  it("stores a signed diagnostic: 201 with its id and the rate-limit headers, as the contract says", async () => {
    const headers = signed(payload, "shared-secret", Math.floor(Date.now() / 1000));
    const response = await fetch(`${mock.url}/upload-data/harness-diagnostic`, {
      method: "POST",
      headers,
      body: payload,
    });
    const body = await response.text();
    expect(response.status).toBe(201);
    expect(JSON.parse(body)).toHaveProperty("id_harness_diagnostic");
    const exchange = {
      request: { method: "POST", url: "/upload-data/harness-diagnostic", headers, body: payload },
      response: { status: response.status, headers: response.headers, body },
    };
    expect(checkExchange("leanmote", exchange)).toEqual([]);
  });

  it("refuses a malformed signature with 400 VALIDATION_ERROR naming the header", async () => {
    const headers = { ...signed(payload, "shared-secret", 1767225600), "x-ahoe-signature": "md5=abc" };
    const response = await fetch(`${mock.url}/upload-data/harness-diagnostic`, {
      method: "POST",
      headers,
      body: payload,
    });
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(response.status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.message).toContain("X-AHOE-Signature");
    expect(response.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
  });

  it("refuses an upload without a credential with 401 UNAUTHORIZED and the rate-limit headers", async () => {
    const response = await fetch(`${mock.url}/upload-data/harness-diagnostic`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: payload,
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect(response.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
  });
});
