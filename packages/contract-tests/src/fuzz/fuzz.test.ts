// Schema fuzzing: for every operation of every mock, fast-check drives requests generated
// from the contract's schemas, valid ones and invalid twins. No answer may be a 5xx or
// undeclared; every invalid request must be refused with a declared 4xx in the API's own
// error format. Bounded (FUZZ_RUNS per operation, default 2 of each); the seed is printed
// and FUZZ_SEED replays a run. A new seed each local run explores; CI keeps one fixed seed
// so that a red build is always reproducible. Writes reports/fuzz.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { APIS, loadContract } from "@leanapis/registry";
import fc from "fast-check";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Contract } from "../contract.js";
import { RpcContract } from "../rpc-contract.js";
import { fake, generateRequest } from "./requests.js";

const mockUrls = inject("mockUrls");
const CI_SEED = 20261125;
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.CI ? CI_SEED : Date.now() % 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const WRONG_VALUES: unknown[] = [{ not: "what the method takes" }, "not-a-number", 4.5, ["a", "list"], true];
const summary = {
  seed: SEED,
  runsPerOperation: RUNS,
  requests: 0,
  valid: 0,
  invalid: 0,
  refusedAsDocumented: 0,
  byStatus: {} as Record<string, number>,
};
console.log(`fuzzing with seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

afterAll(() => {
  mkdirSync(new URL("../../reports/", import.meta.url), { recursive: true });
  writeFileSync(new URL("../../reports/fuzz.json", import.meta.url), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `fuzzing: ${summary.requests} requests (${summary.valid} valid, ${summary.invalid} invalid, ${summary.refusedAsDocumented} refused as documented); statuses ${JSON.stringify(summary.byStatus)}`,
  );
});

const OPENAPI = APIS.filter((api) => api.kind === "openapi").map(({ id }) => ({ api: id }));

function count(status: number, invalid: boolean) {
  summary.requests++;
  summary[invalid ? "invalid" : "valid"]++;
  summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
}

describe.each(OPENAPI)("fuzzing the $api mock", ({ api }) => {
  const contract = new Contract(loadContract(api));
  const mockUrl = mockUrls[api];
  const operations = contract.operations().map((o) => {
    return [`${o.operation.operationId} (${o.method.toUpperCase()} ${o.path})`, o] as const;
  });

  it.runIf(mockUrl !== null).each(operations)("%s", async (_, entry) => {
    const { path, operation } = entry;
    const method = entry.method.toUpperCase();
    const basicOnly = operation.security?.every((r) => "basicAuth" in r) ?? false;
    const authorization = basicOnly ? `Basic ${btoa("fuzz:fuzz")}` : "Bearer fuzz-token";
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), async (seed, invalid) => {
        const request = generateRequest(contract.document, entry, seed, invalid);
        if (!request) return;
        const query = request.query.size ? `?${request.query}` : "";
        const url = `${mockUrl}${request.path}${query}`;
        const headers = {
          authorization,
          accept: "*/*",
          ...(request.mediaType ? { "content-type": request.mediaType } : {}),
        };
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        const response = await fetch(url, { method, headers, body });
        const bytes = new Uint8Array(await response.arrayBuffer());
        count(response.status, invalid);
        expect(
          response.status,
          `${method} ${request.path}${query} answered ${response.status}: ${new TextDecoder().decode(bytes).slice(0, 300)}`,
        ).toBeLessThan(500);
        contract.check(
          {
            request: { method, url, headers, body },
            response: { status: response.status, headers: response.headers, body: bytes },
          },
          path,
        );
        if (request.invalid) {
          expect(
            response.status,
            `${request.invalid}: ${method} ${request.path}${query} was not refused`,
          ).toBeGreaterThanOrEqual(400);
          summary.refusedAsDocumented++;
        }
      }),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );
  });
});

describe("fuzzing the Leantime mock", () => {
  const contract = new RpcContract(loadContract("leantime"));
  const mockUrl = mockUrls.leantime;
  const check = contract.fetch();

  it.runIf(mockUrl !== null).each(contract.methods().map((m) => [m.name, m] as const))("%s", async (name, method) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), async (seed, invalid) => {
        const params: Record<string, unknown> = {};
        for (const param of contract.params(method)) {
          if (param.required || seed % 2 === 0) params[param.name] = fake(contract.document, param.schema, seed);
        }
        // The invalid twin gives a required param a value its schema refuses (when any is refused).
        const required = contract.params(method).find((p) => p.required);
        const wrong = required && WRONG_VALUES.find((value) => !contract.acceptsParam(name, required.name, value));
        if (invalid && wrong === undefined) return;
        if (invalid) params[required!.name] = wrong;
        const response = await check(
          new Request(`${mockUrl}/api/jsonrpc`, {
            method: "POST",
            headers: { "x-api-key": "fuzz", "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: seed, method: name, params }),
          }),
        );
        const answer = (await response.json()) as { error?: { code: number } };
        count(response.status, invalid);
        expect(response.status).toBe(200);
        if (invalid) {
          expect(answer.error?.code).toBe(contract.namedError("InvalidParams").code);
          summary.refusedAsDocumented++;
        }
      }),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );
  });
});
