import { APIS, loadContract } from "@leanapis/registry";
import { defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { serializePath } from "./path-template.js";

const BASE = "http://127.0.0.1:4010/base";

// Values that are encoded, passed to openapi-fetch's own styles, or left out.
const VALUES: readonly unknown[] = [
  "943188457",
  42,
  true,
  "a b/c?d#e%f",
  "Jörg",
  "",
  ["x", "y"],
  { a: 1, b: "two" },
  undefined,
  null,
];

describe("serializePath", () => {
  const templates = APIS.flatMap((api) =>
    api.kind === "openapi" ? Object.keys(loadContract(api.id).paths ?? {}) : ["/api/jsonrpc"],
  );

  it("fills in every contract's paths exactly as openapi-fetch does, for every kind of value", () => {
    expect(templates.filter((t) => t.includes("{")).length).toBeGreaterThan(100);
    for (const template of templates) {
      const names = [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
      for (const value of VALUES) {
        const params = Object.fromEntries(names.map((name, i) => [name, i === 0 ? value : "7"]));
        expect(serializePath(`${BASE}${template}`, params)).toBe(defaultPathSerializer(`${BASE}${template}`, params));
      }
    }
  });

  it("leaves label, matrix and exploded parameters, repeats and base URL braces to openapi-fetch's rules", () => {
    const cases: [string, Record<string, unknown>][] = [
      ["/items/{.id}", { id: ["a", "b"] }],
      ["/items/{;id}", { id: 5 }],
      ["/items/{id*}", { id: { x: 1 } }],
      ["/items/{id}/{id}", { id: "r" }],
      ["/items/{id}", {}],
      ["http://{host}/items/{id}", { id: "1", host: "h" }],
    ];
    for (const [template, params] of cases)
      expect(serializePath(template, params)).toBe(defaultPathSerializer(template, params));
  });

  it("fills a plain parameter with the value encoded", () => {
    expect(serializePath("/io/card/{cardId}", { cardId: "a/b c" })).toBe("/io/card/a%2Fb%20c");
  });
});
