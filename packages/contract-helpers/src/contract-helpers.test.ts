import { describe, expect, it } from "vitest";
import {
  deref,
  dereference,
  fillTemplate,
  locate,
  type OpenApiDocument,
  type OpenRpcDocument,
  openApiOperations,
  openRpcMethods,
  operationCount,
  pathPattern,
  SchemaValidators,
  templateParameters,
} from "./index.js";

const openapi = {
  openapi: "3.1.0",
  info: { title: "demo", version: "1" },
  paths: {
    "/things/{thingId}": {
      parameters: [{ $ref: "#/components/parameters/thingId" }],
      get: {
        operationId: "getThing",
        responses: { "200": { $ref: "#/components/responses/Thing" }, "404": { description: "none" } },
      },
      delete: {
        operationId: "deleteThing",
        parameters: [{ name: "thingId", in: "path", required: true, schema: { type: "integer" } }],
        responses: { "204": { description: "gone" } },
      },
    },
  },
  components: {
    parameters: { thingId: { name: "thingId", in: "path", required: true, schema: { type: "string" } } },
    responses: {
      Thing: {
        description: "a thing",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
      },
    },
    schemas: {
      Thing: {
        type: "object",
        required: ["id"],
        properties: {
          id: { type: "string", format: "date" },
          parts: { type: "array", items: { $ref: "#/components/schemas/Thing" } },
        },
        example: { id: "2024-01-01" },
      },
    },
  },
} as unknown as OpenApiDocument;

describe("URL templates", () => {
  const template = "/io/board/{boardId}/card/{cardId}.json";

  it("names the parameters in order, and fills them in", () => {
    expect(templateParameters(template)).toEqual(["boardId", "cardId"]);
    expect(templateParameters("/io/board")).toEqual([]);
    expect(fillTemplate(template, (name) => `:${name}`)).toBe("/io/board/:boardId/card/:cardId.json");
    expect(fillTemplate("https://{host}.leankit.com", () => "acme")).toBe("https://acme.leankit.com");
  });

  it("matches request paths with one non-empty segment per parameter, literals as they are", () => {
    const exact = pathPattern(template, { caseInsensitive: false, trailingSlash: false });
    expect(exact.test("/io/board/1/card/2.json")).toBe(true);
    expect(exact.test("/io/board/1/card/2xjson")).toBe(false);
    expect(exact.test("/io/board//card/2.json")).toBe(false);
    expect(exact.test("/io/board/1/2/card/2.json")).toBe(false);
    const lenient = pathPattern(template, { caseInsensitive: true, trailingSlash: true });
    expect(lenient.test("/IO/Board/1/card/2.JSON/")).toBe(true);
  });
});

describe("walking", () => {
  it("lists each operation once, with path-level parameters merged and the operation's own winning", () => {
    const operations = openApiOperations(openapi);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      "get /things/{thingId}",
      "delete /things/{thingId}",
    ]);
    expect(operations[0]!.parameters[0]!.schema).toEqual({ type: "string" });
    expect(operations[1]!.parameters).toHaveLength(1);
    expect(operations[1]!.parameters[0]!.schema).toEqual({ type: "integer" });
    expect(operations[0]!.parameterPlaces).toEqual([["paths", "/things/{thingId}", "parameters", 0]]);
    expect(operations[1]!.parameterPlaces).toEqual([["paths", "/things/{thingId}", "delete", "parameters", 0]]);
    expect(operationCount(openapi)).toBe(2);
  });

  it("follows references, and gives up on a loop instead of hanging", () => {
    expect(deref(openapi, { $ref: "#/components/schemas/Thing" })).toMatchObject({ type: "object" });
    const loop = { a: { $ref: "#/b" }, b: { $ref: "#/a" } };
    expect(deref(loop, loop.a)).toBeUndefined();
    expect(deref(loop, { $ref: "#/missing" })).toBeUndefined();
  });

  it("locates a place through references to the object itself", () => {
    const place = locate(openapi, [
      "paths",
      "/things/{thingId}",
      "get",
      "responses",
      "200",
      "content",
      "application/json",
      "schema",
    ]);
    expect(place).toEqual(["components", "schemas", "Thing"]);
    expect(locate(openapi, ["paths", "/nothing"])).toBeUndefined();
  });

  it("inlines references but keeps a recursive one", () => {
    const inlined = dereference(openapi) as unknown as {
      components: { schemas: { Thing: { properties: { parts: { items: unknown } } } } };
    };
    expect(inlined.components.schemas.Thing.properties.parts.items).toMatchObject({ type: "object" });
    expect(JSON.stringify(inlined)).toContain('"$ref":"#/components/schemas/Thing"');
  });
});

describe("validators", () => {
  const validators = new SchemaValidators(openapi);
  const at = ["paths", "/things/{thingId}", "get", "responses", "200", "content", "application/json", "schema"];

  it("validates against a schema reached through references, refs inside it resolved", () => {
    expect(validators.problems(at, { id: "2024-01-01", parts: [{ id: "2024-02-02" }] })).toEqual([]);
  });

  it("names the place, the reason and the value of each violation", () => {
    expect(validators.problems(at, { id: "2024-01-01", parts: [{ id: "yesterday" }] })).toEqual([
      'at /parts/0/id: must match format "date" ({"format":"date"}); value: "yesterday"',
    ]);
    expect(validators.problems(at, {})[0]).toContain("must have required property 'id'");
  });

  it("compiles a lazy validator on its first call, with the same verdict and errors", () => {
    const lazy = new SchemaValidators(openapi).lazy(at);
    expect(lazy({ id: "2024-01-01" })).toBe(true);
    expect(lazy({ id: "yesterday" })).toBe(false);
    expect(lazy.errors?.[0]?.instancePath).toBe("/id");
    expect(() => validators.lazy(["paths", "/nothing"])).toThrow("The contract has no schema at /paths/~1nothing");
  });

  it("compiles each place once", () => {
    expect(validators.at(at)).toBe(validators.at(["components", "schemas", "Thing"]));
  });

  it("refuses a place that holds no schema", () => {
    expect(() => validators.at(["paths", "/nothing"])).toThrow("The contract has no schema at /paths/~1nothing");
  });

  it("validates OpenRPC params and results as draft-07 schemas", () => {
    const openrpc = {
      openrpc: "1.3.2",
      info: { title: "rpc", version: "1" },
      methods: [
        {
          name: "add",
          params: [{ name: "a", schema: { $ref: "#/components/schemas/Int" } }],
          result: { name: "sum", schema: { type: "integer" } },
        },
      ],
      components: { schemas: { Int: { type: "integer", minimum: 0 } } },
    } as unknown as OpenRpcDocument;
    const rpc = new SchemaValidators(openrpc);
    expect(openRpcMethods(openrpc).map((m) => m.name)).toEqual(["add"]);
    expect(rpc.problems(["methods", 0, "params", 0, "schema"], 3)).toEqual([]);
    expect(rpc.problems(["methods", 0, "params", 0, "schema"], -1)).toEqual([
      'at /: must be >= 0 ({"comparison":">=","limit":0}); value: -1',
    ]);
  });
});
