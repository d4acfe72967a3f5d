// An API token's life: create → listed (without its secret) → revoke → listed no more.
// Against a stateful mock started here (default), or the live LeanKit when its variables
// (with Basic credentials, which the token operations require) are set and
// LEANAPIS_LIVE_WRITES=1. Every exchange is checked against the contract; the token is
// revoked in `finally` if the scenario stopped before it did, even when the answer that
// created it broke the contract. The secret is never printed: assertions look at lengths and
// names, never at a value that holds it.
import { randomUUID } from "node:crypto";
import { type BasicAuth, createLeanKitClient, LeanKitApiError } from "@leanapis/clients/leankit";
import { loadContract } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { Contract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { createdRecords } from "../created-records.js";
import { scenarioTarget } from "../scenario-target.js";
import { liveLeanKit, liveWritesAllowed } from "../targets.js";

const contract = new Contract(loadContract("leankit"));
trackCoverage("leankit", contract);
const live = liveLeanKit();
const basic: BasicAuth | undefined = live ? live.basic : { username: "mock-user", password: "mock-password" };
const runs = basic !== undefined && (!live || liveWritesAllowed());

const target = scenarioTarget("leankit", live, runs);

describe.runIf(runs)("LeanKit token lifecycle", () => {
  it("creates a token, lists it without its secret, revokes it and lists it no more", async () => {
    const created = createdRecords(/\/io\/auth\/token$/);
    const api = createLeanKitClient({
      baseUrl: target.baseUrl(),
      auth: basic!,
      retry: { retries: 2, maxDelayMs: 2_000 },
      fetch: created.fetch,
    });
    api.use(contract.middleware());
    const description = `leanapis scenario ${randomUUID().slice(0, 8)}`;
    let revoked = false;
    try {
      const made = await api.POST("/io/auth/token", { body: { description } });
      expect(made.response.status).toBe(201);
      const tokenId = made.data!.id;
      expect(made.data!.description).toBe(description);
      expect(made.data!.token.length).toBeGreaterThan(0);

      const { data: listed } = await api.GET("/io/auth/token");
      const mine = listed!.tokens.find((token) => token.id === tokenId);
      expect(mine?.description).toBe(description);
      expect(Object.keys(mine ?? {})).not.toContain("token");

      const revoke = await api.DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId } } });
      expect(revoke.response.status).toBe(204);
      revoked = true;
      const { data: after } = await api.GET("/io/auth/token");
      expect(after!.tokens.map((token) => token.id)).not.toContain(tokenId);
    } finally {
      // The token as the wire gave it: the scenario may have stopped before it knew the id.
      for (const tokenId of revoked ? [] : created.ids) {
        await api.DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId } } }).catch((error: unknown) => {
          // Already gone is what clean-up wants; anything else is worth failing on.
          if (!(error instanceof LeanKitApiError && error.status === 404)) throw error;
        });
      }
    }
  });
});
