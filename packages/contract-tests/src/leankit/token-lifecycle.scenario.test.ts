// An API token's life: create → listed (without its secret) → revoke → listed no more.
// Against a stateful mock started here (default), or the live LeanKit when its variables
// (with Basic credentials, which the token operations require) are set and
// LEANAPIS_LIVE_WRITES=1. Every exchange is checked against the contract; the token is
// revoked in `finally` if the scenario stopped before it did.
import { randomUUID } from "node:crypto";
import { type BasicAuth, createLeanKitClient, LeanKitApiError } from "@leanapis/clients/leankit";
import { loadContract } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { Contract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
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
    const api = createLeanKitClient({
      baseUrl: target.baseUrl(),
      auth: basic!,
      retry: { retries: 2, maxDelayMs: 2_000 },
    });
    api.use(contract.middleware());
    const description = `leanapis scenario ${randomUUID().slice(0, 8)}`;
    let tokenId: string | undefined;
    let revoked = false;
    try {
      const created = await api.POST("/io/auth/token", { body: { description } });
      expect(created.response.status).toBe(201);
      tokenId = created.data!.id;
      expect(created.data).toMatchObject({ description });
      expect(created.data!.token.length).toBeGreaterThan(0);

      const { data: listed } = await api.GET("/io/auth/token");
      const mine = listed!.tokens.find((token) => token.id === tokenId);
      expect(mine).toMatchObject({ id: tokenId, description });
      expect(mine).not.toHaveProperty("token");

      const revoke = await api.DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId } } });
      expect(revoke.response.status).toBe(204);
      revoked = true;
      const { data: after } = await api.GET("/io/auth/token");
      expect(after!.tokens.map((token) => token.id)).not.toContain(tokenId);
    } finally {
      if (tokenId !== undefined && !revoked) {
        await api.DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId } } }).catch((error: unknown) => {
          // Already gone is what clean-up wants; anything else is worth failing on.
          if (!(error instanceof LeanKitApiError && error.status === 404)) throw error;
        });
      }
    }
  });
});
