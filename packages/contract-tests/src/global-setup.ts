import { rmSync } from "node:fs";
import { startMocks } from "@leanapis/mocks";
import type { TestProject } from "vitest/node";
import { EXERCISED_DIR } from "./coverage.js";
import { liveLeanKit } from "./targets.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The LeanKit mock's URL, or null when the suite runs against the live API. */
    leankitMockUrl: string | null;
  }
}

/** Starts a mock for every API that has no live configuration, and says which target each suite uses. */
export default async function setup(project: TestProject) {
  rmSync(EXERCISED_DIR, { recursive: true, force: true });
  const live = liveLeanKit();
  if (live) {
    console.log(`LeanKit contract suite: running against the LIVE API at ${live.baseUrl}`);
    project.provide("leankitMockUrl", null);
    return;
  }
  const mocks = await startMocks({ apis: ["leankit"], ports: { leankit: 0 } });
  const url = mocks.servers[0]!.url;
  console.log(`LeanKit contract suite: running against the mock at ${url} (set LEANKIT_BASE_URL and credentials for the live API)`);
  project.provide("leankitMockUrl", url);
  return () => mocks.stop();
}
