import { rmSync } from "node:fs";
import { startMocks } from "@leanapis/mocks";
import type { TestProject } from "vitest/node";
import { EXERCISED_DIR } from "./coverage.js";
import { type Api, APIS, liveTargets } from "./targets.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Each API's mock URL, or null where its suite runs against the live API. */
    mockUrls: Record<Api, string | null>;
  }
}

/** Starts a mock for every API that has no live configuration, and says which target each suite uses. */
export default async function setup(project: TestProject) {
  rmSync(EXERCISED_DIR, { recursive: true, force: true });
  const live = liveTargets();
  const mocked = APIS.filter((api) => !live[api]);
  const mocks = await startMocks({ apis: mocked, ports: Object.fromEntries(mocked.map((api) => [api, 0])) });
  const mockUrls = Object.fromEntries(APIS.map((api) => [api, mocks.servers.find((s) => s.api === api)?.url ?? null])) as Record<Api, string | null>;
  for (const api of APIS) {
    console.log(
      live[api]
        ? `${api} contract suite: running against the LIVE API at ${live[api].baseUrl}`
        : `${api} contract suite: running against the mock at ${mockUrls[api]} (see the README for the live variables)`,
    );
  }
  project.provide("mockUrls", mockUrls);
  return () => mocks.stop();
}
