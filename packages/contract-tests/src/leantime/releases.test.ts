// Every example request of the Leantime document, replayed through the mock as releases behave
// (LEANTIME_VERSION): the latest and 3.8.0, each answer checked against the document, and
// 3.7.3, where scalar results come wrapped in a list; before their release methods do not
// exist, and methods gated behind @api later still run.
import { deref, type ExamplePairingObject, type MethodObject } from "@leanapis/contract-helpers";
import { type MockServer, startMock } from "@leanapis/mocks";
import { apiById, loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trackCoverage } from "../coverage.js";
import { RpcContract } from "../rpc-contract.js";

const contract = new RpcContract(loadContract("leantime"));
trackCoverage("leantime", contract);
const { document } = contract;
type Release = { version: string; wrapsScalarResults: boolean; requiresApiTag: boolean };
type Dated = MethodObject & { "x-leantime-since": string; "x-leantime-until"?: string };
const releases = (document as unknown as { "x-leantime-releases": Release[] })["x-leantime-releases"];
const versionEnv = apiById("leantime").mock.versionEnv;

const order = (a: string, b: string) => {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};
const examples = (contract.allMethods() as Dated[]).flatMap((method) =>
  (method.examples ?? []).map((reference) => {
    const example = deref<ExamplePairingObject>(document, reference)!;
    const params = Object.fromEntries(
      example.params.map((p) => {
        const { name, value } = deref<{ name: string; value: unknown }>(document, p)!;
        return [name, value];
      }),
    );
    const result = deref<{ value: unknown }>(document, example.result)?.value ?? null;
    return [`${method.name} (${example.name})`, { method, params, result }] as const;
  }),
);

describe.each([document.info.version, "3.8.0", "3.7.3"])("every example request on Leantime %s", (version) => {
  const release = releases.find((r) => r.version === version)!;
  let mock: MockServer;
  beforeAll(async () => {
    process.env[versionEnv] = version;
    try {
      mock = await startMock("leantime", 0);
    } finally {
      delete process.env[versionEnv];
    }
  });
  afterAll(() => mock.stop());

  it.each(examples)("%s", async (_label, { method, params, result }) => {
    // The latest release's answers are checked against the document on the way.
    const send = release.wrapsScalarResults ? fetch : contract.fetch();
    const response = await send(
      new Request(`${mock.url}/api/jsonrpc`, {
        method: "POST",
        headers: { "x-api-key": "mock-key", "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", method: method.name, params, id: 1 }),
      }),
    );
    const answer = await response.json();
    const since = method["x-leantime-since"];
    const until = method["x-leantime-until"];
    const name = method.name.split(".").at(-1);
    if (order(version, since) < 0) {
      expect(answer.error).toMatchObject({ code: -32601, data: `Method doesn't exist: ${name}` });
    } else if (until !== undefined && order(version, until) >= 0) {
      expect(answer.error).toMatchObject({ code: -32601, data: `Method is not available via API: ${name}` });
    } else {
      const scalar = result !== null && typeof result !== "object";
      expect(answer).toEqual({
        jsonrpc: "2.0",
        result: release.wrapsScalarResults && scalar ? [result] : result,
        id: 1,
      });
    }
  });
});
