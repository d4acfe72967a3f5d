import { rmSync } from "node:fs";
import { startMocks } from "@leanapis/mocks";
import { API_IDS, type ApiId } from "@leanapis/registry";
import type { TestProject } from "vitest/node";
import { Redactor } from "./check/redact.js";
import { exercisedDir } from "./reports.js";
import { liveTargets, selectedApis } from "./targets.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Each API's mock URL, or null where its suite runs against the live API (or the run leaves it out). */
    mockUrls: Record<ApiId, string | null>;
    /** The APIs this run covers (LEANAPIS_CONTRACT_APIS, else all). */
    apis: ApiId[];
  }
}

/**
 * Starts a mock for every API of the run that has no live configuration, and says which
 * target each suite uses. The `prism` project runs the same suites against Prism, the second
 * engine.
 */
export default async function setup(project: TestProject) {
  // Once per run: the projects' setups may interleave, and the second must not erase the first's records.
  if (project.name !== "prism") rmSync(exercisedDir(), { recursive: true, force: true });
  const live = liveTargets();
  const apis = selectedApis();
  const mocked = apis.filter((api) => !live[api]);
  // Port 0: each mock on a free port, so a run never collides with mocks already started.
  const engine = project.name === "prism" ? "prism" : "leanapis";
  // No burst limit: the suites send far more than a real client would in a minute.
  const mocks = await startMocks({
    apis: mocked,
    ports: Object.fromEntries(mocked.map((api) => [api, 0])),
    engine,
    burst: false,
  });
  const urlOf = (api: ApiId) => mocks.servers.find((server) => server.api === api)?.url ?? null;
  const mockUrls = Object.fromEntries(API_IDS.map((api) => [api, urlOf(api)])) as Record<ApiId, string | null>;
  for (const api of apis) {
    const target = live[api];
    console.log(
      target
        ? `${api} contract suite: running against the LIVE API at ${new Redactor().url(target.baseUrl)}`
        : `${api} contract suite (${project.name}): against the ${engine} mock at ${mockUrls[api]} (the README has the live variables)`,
    );
  }
  project.provide("mockUrls", mockUrls);
  project.provide("apis", apis);
  return () => mocks.stop();
}
