// Statuses reached by real conditions, so that the coverage report can tell them from the
// ones forced with `Prefer: code=` (which prove the format, not the behaviour). Each OpenAPI
// operation, once each: its example request without credentials (401); with them and no
// `Prefer` (its success, or what the records say); with a path id its schema refuses (the
// validation status); with a valid but unknown id (404 where the mock keeps records); and on
// Leanmote, over a small burst limit (429). Dedicated mocks of our engine: stateful, so that
// an unknown id is unknown, and a Leanmote one with a burst limit of one request. Every
// answer is checked against the contract by the shared checker.
import { deref, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import { startMock } from "@leanapis/mocks";
import { APIS, apiById, loadContract } from "@leanapis/registry";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { Contract } from "./contract.js";
import { trackCoverage } from "./coverage.js";
import { exampleRequest, type Parameter } from "./every-operation.js";
import { arbitraryOf } from "./fuzz/arbitraries.js";
import { breakages, type DraftRequest, mockCredentials, toWire, validationStatus } from "./fuzz/requests.js";

const mockUrls = inject("mockUrls");
/** A burst of one request a window: the second request of a credential is over the limit. */
const BURST = { requests: 1, perMs: 2 ** 31 - 1 };

// These mocks are our engine's; the prism project has nothing to add here.
beforeEach(({ task, skip }) => {
  if (task.file.projectName !== "leanapis") skip("real conditions run against our engine only");
});

const OPENAPI = APIS.filter((api) => api.kind === "openapi").map(({ id }) => ({ api: id }));

describe.each(OPENAPI)("real conditions on the $api mock", ({ api }) => {
  const contract = new Contract(loadContract(api));
  const { document } = contract;
  trackCoverage(api, contract);
  const { mockAuth } = apiById(api).client;
  // Live runs leave the mocks alone: the scenario suites cover them.
  const mocked = mockUrls[api] !== null;
  const mocks: { stateful?: string; burst?: string; stop: (() => Promise<void>)[] } = { stop: [] };
  beforeAll(async () => {
    if (!mocked) return;
    const stateful = await startMock(api, 0, { stateful: true, burst: false });
    mocks.stateful = stateful.url;
    mocks.stop.push(stateful.stop);
    if (api === "leanmote") {
      const limited = await startMock(api, 0, { burst: BURST });
      mocks.burst = limited.url;
      mocks.stop.push(limited.stop);
    }
  });
  afterAll(async () => {
    await Promise.all(mocks.stop.map((stop) => stop()));
  });

  const operations = contract.operations().map((o) => {
    return [`${o.operation.operationId} (${o.method.toUpperCase()} ${o.path})`, o] as const;
  });

  it.runIf(mocked).each(operations)("%s", async (_, entry) => {
    const method = entry.method.toUpperCase();
    const declared = Object.keys(entry.operation.responses ?? {});
    const example = exampleRequest(document, entry.operation, entry.parameters as Parameter[]);
    const draft: DraftRequest = {
      params: { path: example.params.path, query: example.params.query, header: {} },
      body: example.body instanceof FormData ? { file: "release notes" } : example.body,
    };
    const credentials = mockCredentials(contract, entry, mockAuth);

    /** Sends `request` with or without credentials; checks the answer; its status. */
    const send = async (base: string, request: DraftRequest, withCredentials = true, token?: string) => {
      const wire = toWire(contract, entry, request);
      const url = new URL(`${base}${wire.target}`);
      const headers: Record<string, string> = { accept: "*/*", ...wire.headers };
      if (withCredentials) {
        for (const [name, value] of Object.entries(credentials.query)) url.searchParams.set(name, value);
        Object.assign(headers, credentials.headers);
        if (token) headers.authorization = `Bearer ${token}`;
      }
      const response = await fetch(url, { method, headers, body: wire.body });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const what = `${method} ${wire.target} answered ${response.status}: ${new TextDecoder().decode(bytes).slice(0, 300)}`;
      expect(response.status, what).toBeLessThan(500);
      const body = typeof wire.body === "string" ? wire.body : undefined;
      contract.check(
        {
          request: { method, url: url.href, headers, body },
          response: { status: response.status, headers: response.headers, body: bytes },
        },
        entry.path,
      );
      return response.status;
    };
    const base = mocks.stateful!;

    // No credentials: the declared 401 (a public operation answers as usual).
    const secured = (entry.operation.security ?? document.security ?? []).length > 0;
    const anonymous = await send(base, draft, false);
    if (secured && declared.includes("401")) expect(anonymous).toBe(401);

    // The example as a client would send it, without Prefer: whatever the mock's records say.
    await send(base, draft);

    const pathParameters = entry.parameters.filter((p) => p.in === "path");
    if (pathParameters.length > 0) {
      // A path id its schema refuses: the validation status, where the operation declares one.
      const wrong = breakages(contract, entry).find((b) => b.kind === "value" && b.parameter.in === "path");
      const refusal = validationStatus(entry);
      if (wrong?.kind === "value" && refusal !== undefined) {
        const path = { ...draft.params.path, [wrong.parameter.name]: wrong.value };
        expect(await send(base, { ...draft, params: { ...draft.params, path } })).toBe(refusal);
      }
      // Valid by its schema, but no record has it: 404 where the mock keeps records.
      const path = { ...draft.params.path };
      for (const parameter of pathParameters) {
        const values = fc.sample(arbitraryOf(document, parameter.schema, { pathSegment: true }), {
          seed: 404,
          numRuns: 20,
        });
        const unknown = values.find((value) => value !== path[parameter.name] && String(value).length > 3);
        if (unknown !== undefined) path[parameter.name] = unknown;
      }
      await send(base, { ...draft, params: { ...draft.params, path } });
    }

    // Over the burst limit: one credential per operation, so each meets the limit itself. The
    // mock refuses a burst in the API's JSON envelope, which the SCIM operations do not declare
    // (they declare application/scim+json for 429): a gap of the mock, left out until fixed there.
    const limited = deref<OpenAPIV3_1.ResponseObject>(document, entry.operation.responses?.["429"]);
    const jsonRefusal = limited?.content?.["application/json"] !== undefined;
    if (mocks.burst && jsonRefusal && credentials.headers.authorization) {
      const token = `burst-${entry.operation.operationId}`;
      const statuses: number[] = [];
      // Windows are aligned to the clock: a boundary between two requests resets the count once.
      for (let i = 0; i < 2 * BURST.requests + 1 && !statuses.includes(429); i++)
        statuses.push(await send(mocks.burst, draft, true, token));
      expect(statuses).toContain(429);
    }
  });
});
