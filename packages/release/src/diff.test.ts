// One small contract, one change per rule, checked in both directions.
import type { ContractDocument } from "@leanapis/contract-helpers";
import { describe, expect, it } from "vitest";
import { diffContracts } from "./diff.js";

// biome-ignore lint/suspicious/noExplicitAny: the cases edit the documents freely
type Json = Record<string, any>;
const diff = (before: Json, after: Json) =>
  diffContracts("demo", before as ContractDocument, after as ContractDocument);
const base = (): Json => ({
  openapi: "3.1.0",
  paths: {
    "/things/{id}": {
      get: {
        operationId: "getThing",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: ["integer", "string"] } },
          { name: "sort", in: "query", schema: { type: "string", enum: ["asc", "desc"] } },
        ],
        responses: {
          "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
          "404": { description: "x" },
        },
      },
    },
    "/things": {
      post: {
        operationId: "createThing",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["name"],
                properties: { name: { type: "string" }, note: { type: "string" } },
              },
            },
          },
        },
        responses: { "201": { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        required: ["id", "kind"],
        properties: {
          id: { type: "string" },
          kind: { type: "string", enum: ["a", "b"] },
          tags: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
});

function edited(change: (d: Json) => void): Json {
  const doc = base();
  change(doc);
  return doc;
}

/** The distinct classifications (a shared schema's change shows once per operation using it). */
const classify = (before: Json, after: Json) => [
  ...new Set(diff(before, after).map((c) => `${c.rule}:${c.breaking ? "breaking" : "ok"}`)),
];

const cases: [string, (d: Json) => void, string[], string[]][] = [
  ["an operation", (d) => delete d.paths["/things"], ["operation-removed:breaking"], ["operation-added:ok"]],
  [
    "a response field",
    (d) => delete d.components.schemas.Thing.properties.tags,
    ["response-field-removed:breaking"],
    ["response-field-added:ok"],
  ],
  [
    "a response enum value",
    (d) => (d.components.schemas.Thing.properties.kind.enum = ["a"]),
    ["response-enum-value-removed:breaking"],
    ["response-enum-value-added:ok"],
  ],
  [
    "a parameter location",
    (d) => (d.paths["/things/{id}"].get.parameters[1].in = "header"),
    ["parameter-location-changed:breaking"],
    ["parameter-location-changed:breaking"],
  ],
  [
    "a required request field",
    (d) => {
      const schema = d.paths["/things"].post.requestBody.content["application/json"].schema;
      schema.properties.size = { type: "integer" };
      schema.required.push("size");
    },
    ["request-field-required-added:breaking"],
    ["request-field-removed:breaking"],
  ],
  [
    "a required parameter",
    (d) =>
      d.paths["/things/{id}"].get.parameters.push({
        name: "view",
        in: "query",
        required: true,
        schema: { type: "string" },
      }),
    ["required-parameter-added:breaking"],
    ["parameter-removed:breaking"],
  ],
  [
    "an optional parameter",
    (d) => d.paths["/things/{id}"].get.parameters.push({ name: "view", in: "query", schema: { type: "string" } }),
    ["parameter-added:ok"],
    ["parameter-removed:breaking"],
  ],
  [
    "a request type",
    (d) => (d.paths["/things/{id}"].get.parameters[1].schema.type = "integer"),
    ["request-type-narrowed:breaking"],
    ["request-type-widened:ok"],
  ],
  [
    "a request type from integer to number",
    (d) => (d.paths["/things/{id}"].get.parameters[1].schema.type = ["number", "string"]),
    ["request-type-widened:ok"],
    ["request-type-narrowed:breaking"],
  ],
  [
    "a request body from described fields to any value",
    (d) => (d.paths["/things"].post.requestBody.content["application/json"].schema = {}),
    ["request-type-widened:ok"],
    ["request-type-narrowed:breaking", "request-field-required-added:breaking", "request-field-added:ok"],
  ],
  [
    "a request body from described fields to any object",
    (d) => (d.paths["/things"].post.requestBody.content["application/json"].schema = { type: "object" }),
    ["request-type-widened:ok"],
    ["request-field-required-added:breaking", "request-field-added:ok"],
  ],
  [
    "a request body closed to undescribed fields",
    (d) => {
      const schema = d.paths["/things"].post.requestBody.content["application/json"].schema;
      schema.additionalProperties = false;
      delete schema.properties.note;
    },
    ["request-field-removed:breaking"],
    ["request-field-added:ok"],
  ],
  [
    "an accepted request enum value",
    (d) => (d.paths["/things/{id}"].get.parameters[2].schema.enum = ["asc"]),
    ["request-enum-value-removed:breaking"],
    ["request-enum-value-added:ok"],
  ],
  [
    "a response field's type",
    (d) => (d.components.schemas.Thing.properties.id.type = "integer"),
    ["response-type-changed:breaking"],
    ["response-type-changed:breaking"],
  ],
  [
    "a required response field",
    (d) => (d.components.schemas.Thing.required = ["id"]),
    ["response-field-made-optional:breaking"],
    [],
  ],
  [
    "a success response",
    (d) => (d.paths["/things"].post.responses = { "200": d.paths["/things"].post.responses["201"] }),
    ["response-status-removed:breaking"],
    ["response-status-removed:breaking"],
  ],
];

describe("diffContracts", () => {
  it("finds nothing between a contract and itself", () => {
    expect(classify(base(), base())).toEqual([]);
  });

  it.each(cases)("classifies changing %s, both ways", (_, change, forward, backward) => {
    expect(classify(base(), edited(change))).toEqual(forward);
    expect(classify(edited(change), base())).toEqual(backward);
  });

  it("takes integers for numbers: a response of numbers may come as integers, not the other way", () => {
    const numbers = edited((d) => (d.components.schemas.Thing.properties.tags.items.type = "number"));
    const integers = edited((d) => (d.components.schemas.Thing.properties.tags.items.type = "integer"));
    expect(classify(numbers, integers)).toEqual(["response-type-narrowed:ok"]);
    expect(classify(integers, numbers)).toEqual(["response-type-changed:breaking"]);
  });

  it("still compares the items of a request that stopped describing its fields", () => {
    const param = (schema: Json) => edited((d) => (d.paths["/things/{id}"].get.parameters[1].schema = schema));
    const before = param({
      type: ["object", "array"],
      properties: { a: { type: "string" } },
      items: { type: "string" },
    });
    const after = param({ type: ["object", "array"], items: { type: "integer" } });
    expect(classify(before, after)).toEqual(["request-type-widened:ok", "request-type-narrowed:breaking"]);
  });

  it("takes a list of every JSON type for any value", () => {
    const every = ["string", "number", "boolean", "object", "array", "null"];
    const listed = edited((d) => (d.paths["/things/{id}"].get.parameters[1].schema = { type: every }));
    const untyped = edited((d) => (d.paths["/things/{id}"].get.parameters[1].schema = {}));
    expect(classify(untyped, listed)).toEqual([]);
    expect(classify(listed, untyped)).toEqual([]);
  });

  it("names the operation, the field and the rule", () => {
    const [change] = diff(
      base(),
      edited((d) => delete d.components.schemas.Thing.properties.tags),
    );
    expect(change).toMatchObject({
      operation: "getThing (GET /things/{id})",
      where: "response 200/tags",
      rule: "response-field-removed",
      breaking: true,
    });
    expect(change?.id).toBe("demo:GET /things/{id}:response 200/tags:response-field-removed");
  });

  it("applies the same rules to OpenRPC methods, params and results", () => {
    const rpc = (params: Json[], result: Json) => ({
      openrpc: "1.3.2",
      methods: [{ name: "x.get", params, result: { name: "r", schema: result } }],
    });
    const before = rpc([{ name: "id", required: true, schema: { type: "integer" } }], {
      type: "object",
      properties: { a: { type: "string" } },
    });
    const after = rpc(
      [
        { name: "id", required: true, schema: { type: "integer" } },
        { name: "v", required: true, schema: {} },
      ],
      { type: "object", properties: {} },
    );
    expect(classify(before, after).sort()).toEqual([
      "required-parameter-added:breaking",
      "response-field-removed:breaking",
    ]);
    expect(classify(before, { openrpc: "1.3.2", methods: [] })).toEqual(["operation-removed:breaking"]);
  });
});
