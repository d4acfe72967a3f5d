import { readFileSync } from "node:fs";
import { isOpenRpc, kindOf, operationCount } from "@leanapis/contract-helpers";
import { describe, expect, it } from "vitest";
import { API_IDS, APIS, apiById, contractFile, docsPort, liveSettings, loadContract, mockPort } from "./index.js";

describe("the registry", () => {
  it.each(API_IDS)("%s: its bundled contract loads and is of the declared kind", (id) => {
    const document = loadContract(id);
    expect(kindOf(document)).toBe(apiById(id).kind);
    expect(operationCount(document)).toBeGreaterThan(0);
    expect(contractFile(id)).toMatch(/dist\/open(api|rpc)\.json$/);
    if (!isOpenRpc(document)) expect(contractFile(id, "yaml")).toMatch(/dist\/openapi\.yaml$/);
  });

  it("gives every API its own id, port, port variable, docs page and client entry", () => {
    type Fact = (api: (typeof APIS)[number]) => string | number;
    const facts: Fact[] = [
      (a) => a.id,
      (a) => a.mock.port,
      (a) => a.mock.portEnv,
      (a) => a.docs.slug,
      (a) => a.client.entry,
    ];
    for (const fact of facts) {
      const values = APIS.map(fact);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it("names live variables that turbo hashes into the contract suites' cache key", () => {
    const turbo = JSON.parse(readFileSync(new URL("../../../turbo.json", import.meta.url), "utf8")) as {
      tasks: Record<string, { env?: string[] }>;
    };
    const patterns = (turbo.tasks["@leanapis/contract-tests#test"]?.env ?? []).map(
      (pattern) => new RegExp(`^${pattern.replaceAll("*", ".*")}$`),
    );
    for (const { live } of APIS) {
      for (const variable of [live.baseUrl, ...Object.values(live.variables)]) {
        expect(
          patterns.some((pattern) => pattern.test(variable)),
          `${variable} matches turbo.json`,
        ).toBe(true);
      }
    }
  });

  it("refuses an unknown id, naming the known ones", () => {
    expect(() => apiById("jira")).toThrow(`Unknown API jira. Known: ${API_IDS.join(", ")}.`);
  });
});

describe("the environment", () => {
  it("takes a mock's port from its variable, else its default, and refuses what is not a port", () => {
    expect(mockPort("leankit", {})).toBe(4010);
    expect(mockPort("leankit", { LEANKIT_MOCK_PORT: "4555" })).toBe(4555);
    expect(() => mockPort("leankit", { LEANKIT_MOCK_PORT: "http" })).toThrow(
      "LEANKIT_MOCK_PORT=http is not a port number",
    );
    expect(() => mockPort("leantime", { LEANTIME_MOCK_PORT: "70000" })).toThrow("LEANTIME_MOCK_PORT=70000");
    expect(docsPort({ DOCS_PORT: "9000" })).toBe(9000);
  });

  it("is live only when the base URL is set, with the other variables by role", () => {
    expect(liveSettings("leanmote", { LEANMOTE_TOKEN: "t" })).toBeUndefined();
    expect(liveSettings("leanmote", { LEANMOTE_BASE_URL: "https://api.leanmote.com", LEANMOTE_TOKEN: "t" })).toEqual({
      baseUrl: "https://api.leanmote.com",
      values: { token: "t" },
    });
    expect(
      liveSettings("leankit", { LEANKIT_BASE_URL: "https://x.leankit.com", LEANKIT_TOKEN: "" })?.values.token,
    ).toBeUndefined();
  });

  it("gives the base URL without trailing slashes, however the variable writes it", () => {
    for (const written of ["https://lt.example.com", "https://lt.example.com/", "https://lt.example.com//"])
      expect(liveSettings("leantime", { LEANTIME_BASE_URL: written })?.baseUrl).toBe("https://lt.example.com");
    expect(liveSettings("leantime", { LEANTIME_BASE_URL: "https://example.com/leantime/" })?.baseUrl).toBe(
      "https://example.com/leantime",
    );
  });
});
