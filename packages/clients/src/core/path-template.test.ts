import { APIS, loadContract } from "@leanapis/registry";
import { defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { pathSerializerFor } from "./path-template.js";

const BASE = "http://127.0.0.1:4010/base";
const serialize = pathSerializerFor(BASE);

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

describe("pathSerializerFor", () => {
  const templates = APIS.flatMap((api) =>
    api.kind === "openapi" ? Object.keys(loadContract(api.id).paths ?? {}) : ["/api/jsonrpc"],
  );

  it("fills in every contract's paths exactly as openapi-fetch does, for every kind of value", () => {
    expect(templates.filter((t) => t.includes("{")).length).toBeGreaterThan(100);
    for (const template of templates) {
      const names = [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
      for (const value of VALUES) {
        const params = Object.fromEntries(names.map((name, i) => [name, i === 0 ? value : "7"]));
        expect(serialize(`${BASE}${template}`, params)).toBe(defaultPathSerializer(`${BASE}${template}`, params));
      }
    }
  });

  it("fills a plain parameter, encoded, every time it appears, and leaves a missing one as written", () => {
    expect(serialize(`${BASE}/io/card/{cardId}`, { cardId: "a/b c" })).toBe(`${BASE}/io/card/a%2Fb%20c`);
    expect(serialize(`${BASE}/items/{id}/{id}`, { id: "r" })).toBe(`${BASE}/items/r/r`);
    expect(serialize(`${BASE}/items/{id}`, {})).toBe(`${BASE}/items/{id}`);
  });

  it("writes label, matrix and exploded parameters in their styles", () => {
    expect(serialize(`${BASE}/items/{.id}`, { id: ["a", "b"] })).toBe(`${BASE}/items/.a,b`);
    expect(serialize(`${BASE}/items/{;id}`, { id: 5 })).toBe(`${BASE}/items/;id=5`);
    expect(serialize(`${BASE}/items/{id*}`, { id: { x: 1 } })).toBe(`${BASE}/items/x=1`);
  });

  it("fills braces in the base URL too, and takes a URL outside the base URL as it comes", () => {
    expect(pathSerializerFor("http://{host}")("http://{host}/items/{id}", { host: "h", id: "1" })).toBe(
      "http://h/items/1",
    );
    expect(serialize("http://other.example/items/{id}", { id: "1" })).toBe("http://other.example/items/1");
  });
});
