// Schema fuzzing: for every operation of every mock, fast-check draws requests from the
// contract's schemas (arbitraries, so a failure shrinks to its smallest request), one
// meant to be valid and one invalid twin per run. The contract, not the draw, says which is
// which. No answer may be a 5xx; a valid request gets a success the operation declares; an
// invalid one gets the operation's validation status (422, else 400) with a body its schema
// accepts, checked by the shared checker; Leantime's calls get a result or InvalidParams.
// Bounded: FUZZ_RUNS runs per operation (default 2, so about 4 requests). Each operation
// draws from its own seed, derived from the run's: FUZZ_SEED replays a run; CI keeps one
// fixed seed so that a red build is reproducible. Fewer than 30 % valid requests fails the
// run: the invalid ones alone would say nothing about successes. An operation that declares
// neither 422 nor 400 gets no invalid twins (the mock would have to answer an undeclared
// status); the report lists those. Writes reports/fuzz.json.
import { mkdirSync, writeFileSync } from "node:fs";
import type { ContentDescriptorObject, OpenApiOperation } from "@leanapis/contract-helpers";
import { APIS, apiById, loadContract } from "@leanapis/registry";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { Contract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { reportsDir } from "../reports.js";
import { RpcContract } from "../rpc-contract.js";
import { arbitraryOf } from "./arbitraries.js";
import {
  type DraftRequest,
  invalidRequests,
  mockCredentials,
  problemsOf,
  seedFor,
  toWire,
  validationStatus,
  validRequests,
} from "./requests.js";

const mockUrls = inject("mockUrls");
const CI_SEED = 20261125;
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.CI ? CI_SEED : Date.now() % 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const MIN_VALID_SHARE = 0.3;
/** JSON values of every type, for a param its schema refuses. */
const WRONG_VALUES: unknown[] = [{ not: "what the method takes" }, "not-a-number", 4.5, ["a", "list"], true, null];

interface Tally {
  requests: number;
  valid: number;
  invalid: number;
  /** Invalid requests answered with the validation status, in the API's format. */
  refusedAsDocumented: number;
  /** Valid requests answered with a success the operation declares. */
  answeredWithSuccess: number;
}
const tally = (): Tally => ({ requests: 0, valid: 0, invalid: 0, refusedAsDocumented: 0, answeredWithSuccess: 0 });
const summary = {
  seed: SEED,
  runsPerOperation: RUNS,
  ...tally(),
  byApi: {} as Record<string, Tally>,
  byStatus: {} as Record<string, number>,
  /** Operations declaring neither 422 nor 400: an invalid request has no status to be refused with. */
  withoutValidationStatus: [] as string[],
};
console.log(`fuzzing with seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

afterAll(() => {
  // The prism project skips the suite: it must not overwrite the report of the run that fuzzed.
  if (summary.requests === 0) return;
  mkdirSync(reportsDir(), { recursive: true });
  writeFileSync(new URL("fuzz.json", reportsDir()), `${JSON.stringify(summary, null, 2)}\n`);
  const share = ((summary.valid / summary.requests) * 100).toFixed(1);
  console.log(
    `fuzzing: ${summary.requests} requests (${summary.valid} valid, ${share} %, and ${summary.invalid} invalid); ${summary.answeredWithSuccess}/${summary.valid} valid ones answered with a declared success, ${summary.refusedAsDocumented}/${summary.invalid} invalid ones refused as documented; statuses ${JSON.stringify(summary.byStatus)}; ${summary.withoutValidationStatus.length} operation(s) declare neither 422 nor 400, so their invalid requests are not drawn`,
  );
});

// The fuzzing asserts our engine's validation (status and format): Prism refuses in its own.
beforeEach(({ task, skip }) => {
  if (task.file.projectName !== "leanapis") skip("fuzzing runs against our engine only");
});

function count(api: string, status: number, valid: boolean) {
  summary.byApi[api] ??= tally();
  const byApi = summary.byApi[api];
  for (const t of [summary, byApi]) {
    t.requests++;
    t[valid ? "valid" : "invalid"]++;
  }
  summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
}
function succeeded(api: string, valid: boolean) {
  for (const t of [summary, summary.byApi[api]!]) t[valid ? "answeredWithSuccess" : "refusedAsDocumented"]++;
}

const OPENAPI = APIS.filter((api) => api.kind === "openapi").map(({ id }) => ({ api: id }));

describe.each(OPENAPI)("fuzzing the $api mock", ({ api }) => {
  const contract = new Contract(loadContract(api));
  trackCoverage(api, contract);
  const mockUrl = mockUrls[api];
  const { mockAuth } = apiById(api).client;
  const operations = contract.operations().map((o) => {
    return [`${o.operation.operationId} (${o.method.toUpperCase()} ${o.path})`, o] as const;
  });

  async function send(entry: OpenApiOperation, draft: DraftRequest) {
    const method = entry.method.toUpperCase();
    const problems = problemsOf(contract, entry, draft);
    const valid = problems.length === 0;
    const wire = toWire(contract, entry, draft);
    const credentials = mockCredentials(contract, entry, mockAuth);
    const url = new URL(`${mockUrl}${wire.target}`);
    for (const [name, value] of Object.entries(credentials.query)) url.searchParams.set(name, value);
    const headers = { accept: "*/*", ...credentials.headers, ...wire.headers };
    const response = await fetch(url, { method, headers, body: wire.body });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { status } = response;
    count(api, status, valid);
    const what = `${method} ${wire.target} (${valid ? "valid" : `invalid: ${problems.join("; ")}`}) answered ${status}: ${new TextDecoder().decode(bytes).slice(0, 300)}`;
    expect(status, what).toBeLessThan(500);
    const body = typeof wire.body === "string" ? wire.body : undefined;
    contract.check(
      {
        request: { method, url: url.href, headers, body },
        response: { status, headers: response.headers, body: bytes },
      },
      entry.path,
    );
    if (valid) {
      const declared = Object.keys(entry.operation.responses ?? {});
      expect(declared.includes(String(status)) || (status < 300 && declared.includes("2XX")), what).toBe(true);
      expect(status, what).toBeGreaterThanOrEqual(200);
      expect(status, what).toBeLessThan(300);
    } else {
      expect(validationStatus(entry), `${entry.operation.operationId} declares neither 422 nor 400`).toBeDefined();
      expect(status, what).toBe(validationStatus(entry));
    }
    succeeded(api, valid);
  }

  it.runIf(mockUrl !== null).each(operations)("%s", async (name, entry) => {
    const valid = validRequests(contract, entry);
    let invalid = invalidRequests(contract, entry);
    if (invalid && validationStatus(entry) === undefined) {
      summary.withoutValidationStatus.push(`${api} ${name}`);
      invalid = undefined;
    }
    const draws = invalid ? fc.tuple(valid, invalid) : fc.tuple(valid);
    await fc.assert(
      fc.asyncProperty(draws, async (drafts) => {
        for (const draft of drafts) await send(entry, draft);
      }),
      { seed: seedFor(SEED, `${api} ${name}`), numRuns: RUNS },
    );
  });
});

describe("fuzzing the Leantime mock", () => {
  const contract = new RpcContract(loadContract("leantime"));
  trackCoverage("leantime", contract);
  const mockUrl = mockUrls.leantime;
  const check = contract.fetch();
  const invalidParams = contract.namedError("InvalidParams").code;

  /** The method's params by name: required ones always, optional ones sometimes. */
  const validParams = (params: ContentDescriptorObject[]) =>
    fc.record(Object.fromEntries(params.map((p) => [p.name, arbitraryOf(contract.document, p.schema)])), {
      requiredKeys: params.filter((p) => p.required).map((p) => p.name),
    });

  /** A valid draw with one param given a value its schema refuses, or a required one left out. */
  function invalidParamsOf(name: string, params: ContentDescriptorObject[]) {
    const ways = params.flatMap((param) => {
      const wrong = WRONG_VALUES.find((value) => !contract.acceptsParam(name, param.name, value));
      return [
        ...(wrong === undefined ? [] : [{ param: param.name, value: wrong }]),
        ...(param.required ? [{ param: param.name, value: undefined }] : []),
      ];
    });
    if (ways.length === 0) return undefined;
    return fc.tuple(validParams(params), fc.constantFrom(...ways)).map(([values, way]) => {
      const broken: Record<string, unknown> = { ...values };
      if (way.value === undefined) delete broken[way.param];
      else broken[way.param] = way.value;
      return broken;
    });
  }

  const methods = contract.methods().map((m) => [m.name, m] as const);
  it.runIf(mockUrl !== null).each(methods)("%s", async (name, method) => {
    const params = contract.params(method);
    let id = 0;
    const send = async (values: Record<string, unknown>) => {
      // Valid by the document: every required param present, every param its schema accepts.
      const valid = params.every((p) =>
        values[p.name] === undefined ? !p.required : contract.acceptsParam(name, p.name, values[p.name]),
      );
      const response = await check(
        new Request(`${mockUrl}/api/jsonrpc`, {
          method: "POST",
          headers: { "x-api-key": "fuzz", "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: name, params: values }),
        }),
      );
      const answer = (await response.json()) as { result?: unknown; error?: { code: number } };
      count("leantime", response.status, valid);
      const what = `${name}(${JSON.stringify(values).slice(0, 200)}) (${valid ? "valid" : "invalid"}) answered ${JSON.stringify(answer).slice(0, 300)}`;
      expect(response.status, what).toBe(200);
      if (valid) expect(answer.error, what).toBeUndefined();
      else expect(answer.error?.code, what).toBe(invalidParams);
      succeeded("leantime", valid);
    };
    const invalid = invalidParamsOf(name, params);
    const draws = invalid ? fc.tuple(validParams(params), invalid) : fc.tuple(validParams(params));
    await fc.assert(
      fc.asyncProperty(draws, async (drafts) => {
        for (const values of drafts) await send(values);
      }),
      { seed: seedFor(SEED, `leantime ${name}`), numRuns: RUNS },
    );
  });
});

describe("the fuzzing run", () => {
  it.runIf(Object.values(mockUrls).some((url) => url !== null))(
    `draws valid and invalid requests, at least ${MIN_VALID_SHARE * 100} % of them valid`,
    () => {
      expect(summary.requests, "no request was fuzzed").toBeGreaterThan(0);
      expect(summary.invalid, "no invalid request was drawn").toBeGreaterThan(0);
      const share = summary.valid / summary.requests;
      expect(share, `${summary.valid}/${summary.requests} requests valid`).toBeGreaterThanOrEqual(MIN_VALID_SHARE);
    },
  );
});
