// The Leanmote scenario suite, read-only: against the mock by default, or the live API
// with LEANMOTE_BASE_URL and LEANMOTE_TOKEN. Every response is checked against the contract.
import { bracketFilter, createLeanmoteClient, LeanmoteApiError, paginate, unwrap } from "@leanapis/clients/leanmote";
import { loadContract } from "@leanapis/registry";
import { describe, expect, inject, it } from "vitest";
import { Contract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { liveLeanmote } from "../targets.js";

const contract = new Contract(loadContract("leanmote"));
trackCoverage("leanmote", contract);
const mockUrl = inject("mockUrls").leanmote;
const live = liveLeanmote();

function client(token = live?.token ?? "mock-token") {
  const leanmote = createLeanmoteClient({
    baseUrl: mockUrl ?? live!.baseUrl,
    auth: { token },
    retry: { retries: 1, maxDelayMs: 2_000 },
  });
  leanmote.use(contract.middleware());
  return leanmote;
}

describe("Leanmote", () => {
  it("lists teams in the envelope, with paging metadata that adds up", async () => {
    const { data, meta } = await unwrap(client().GET("/v1/teams", { params: { query: { per_page: 10 } } }));
    expect(meta).toBeDefined();
    expect(data.length).toBeLessThanOrEqual(meta!.per_page);
    expect(meta!.total_pages).toBe(Math.ceil(meta!.total / meta!.per_page));
    expect(["asc", "desc"]).toContain(meta!.order);
  });

  it("walks the pages of users, each record as the contract says (at most three pages)", async () => {
    let seen = 0;
    for await (const user of paginate(client(), "/v1/users", {
      query: { per_page: 25, ...bracketFilter("created_at", { gte: "2020-01-01" }) },
    })) {
      expect(user).toBeTypeOf("object");
      if (++seen >= 75) break;
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("refuses a request without a valid token with the UNAUTHORIZED envelope", async () => {
    // The client refuses empty credentials, so it gets a placeholder and the header is taken off the wire.
    const bare = createLeanmoteClient({
      baseUrl: mockUrl ?? live!.baseUrl,
      auth: { token: "placeholder" },
      retry: false,
    });
    bare.use(contract.middleware());
    bare.use({
      onRequest: ({ request }) => {
        request.headers.delete("Authorization");
        return request;
      },
    });
    const error = await bare.GET("/v1/teams").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanmoteApiError);
    expect(error).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });

  it("refuses a page size above 100 with VALIDATION_ERROR", async () => {
    const error = await client()
      .GET("/v1/teams", { params: { query: { per_page: 500 } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanmoteApiError);
    expect(error).toMatchObject({ status: 400, code: "VALIDATION_ERROR" });
  });
});
