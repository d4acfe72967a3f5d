// Where a scenario suite runs: the live API it was given, or (by default) a stateful mock of
// its own, started before the suite and stopped after it.
import { startMocks } from "@leanapis/mocks";
import type { ApiId } from "@leanapis/registry";
import { afterAll, beforeAll } from "vitest";

/** Registers the mock's start and stop; `baseUrl()` is the target's origin once the suite runs. */
export function scenarioTarget(
  api: ApiId,
  live: { baseUrl: string } | undefined,
  runs: boolean,
): { baseUrl: () => string } {
  let baseUrl = live?.baseUrl ?? "";
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (live || !runs) return;
    const mocks = await startMocks({ apis: [api], ports: { [api]: 0 }, stateful: true });
    stop = mocks.stop;
    baseUrl = mocks.servers[0]!.url;
  });
  afterAll(() => stop?.());
  return { baseUrl: () => baseUrl };
}
