import { type OpenApiDocument, SchemaValidators } from "@leanapis/contract-helpers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { howOf } from "../coverage.js";
import { arbitraryOf } from "./arbitraries.js";
import { seedFor } from "./requests.js";

const document = {
  openapi: "3.1.0",
  info: { title: "Things", version: "1.0.0" },
  paths: {},
  components: {
    schemas: {
      Thing: {
        type: "object",
        required: ["id", "kind", "tags"],
        properties: {
          id: { type: "string", pattern: "^[0-9]+$" },
          kind: { enum: ["a", "b"] },
          size: { type: "integer", minimum: 1, maximum: 9 },
          when: { type: "string", format: "date-time" },
          tags: { type: "array", items: { type: "string", minLength: 2 }, minItems: 1, uniqueItems: true },
          owner: { $ref: "#/components/schemas/Owner" },
          extra: { allOf: [{ $ref: "#/components/schemas/Owner" }, { properties: { age: { type: "number" } } }] },
        },
        additionalProperties: false,
      },
      Owner: { type: "object", required: ["name"], properties: { name: { type: ["string", "null"] } } },
    },
  },
} as OpenApiDocument;
const validators = new SchemaValidators(document);

describe("arbitraryOf", () => {
  it("draws values the schema accepts, references and allOf resolved", () => {
    const validate = validators.at(["components", "schemas", "Thing"]);
    fc.assert(
      fc.property(arbitraryOf(document, { $ref: "#/components/schemas/Thing" }), (value) => {
        expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it("shrinks a failure to a small value", () => {
    const run = fc.check(
      fc.property(arbitraryOf(document, { type: "integer", minimum: 0, maximum: 1000 }), (n) => (n as number) < 10),
      { seed: 7 },
    );
    expect(run.failed).toBe(true);
    expect(run.counterexample).toEqual([10]);
  });

  it("keeps path segments non-empty and clear of dot segments", () => {
    for (const value of fc.sample(arbitraryOf(document, { type: "string" }, { pathSegment: true }), 200)) {
      expect(value).not.toMatch(/^\.{0,2}$/);
    }
  });
});

describe("seedFor", () => {
  it("derives a different seed per operation, the same for the same run", () => {
    expect(seedFor(1, "getThing")).toBe(seedFor(1, "getThing"));
    expect(seedFor(1, "getThing")).not.toBe(seedFor(1, "listThings"));
    expect(seedFor(1, "getThing")).not.toBe(seedFor(2, "getThing"));
  });
});

describe("howOf", () => {
  it("tells a status forced with Prefer from one a real condition reached", () => {
    expect(howOf({ request: { method: "GET", url: "/", headers: { Prefer: "code=404" } } })).toBe("forced");
    expect(howOf({ request: { method: "POST", url: "/", headers: { prefer: "error=NotFound" } } })).toBe("forced");
    expect(howOf({ request: { method: "GET", url: "/", headers: { Prefer: "return=minimal" } } })).toBe("reached");
    expect(howOf({ request: { method: "GET", url: "/" } })).toBe("reached");
  });
});
