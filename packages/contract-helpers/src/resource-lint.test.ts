// The x-resource rules: a contract whose declarations agree passes; each kind of
// disagreement is reported at the file, line and column where it is written, with its rule.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { lintOpenApiResources } from "./openapi-source.js";
import { lintOpenRpc } from "./openrpc-lint.js";

// A small contract split like ours: an entry, a path file, a schema file.
const ENTRY = `openapi: 3.1.0
info: { title: Things, version: "1" }
paths:
  /thing:
    $ref: paths/things.yaml#/things
  /thing/{thingId}:
    $ref: paths/things.yaml#/thing
`;
const THING = `type: object
required: [id, name]
properties:
  id: { type: string }
  name: { type: string }
  tags: { type: array, items: { type: string } }
`;
const THINGS = `things:
  get:
    operationId: listThings
    x-resource: { name: thing, action: list, items: things, filters: { search: { field: name, op: contains } } }
    parameters:
      - { name: search, in: query, schema: { type: string } }
    responses:
      "200":
        description: Things.
        content:
          application/json:
            schema:
              type: object
              properties:
                things: { type: array, items: { $ref: ../schemas/Thing.yaml } }
  post:
    operationId: createThing
    x-resource: { name: thing, action: create, fields: { tags: labels } }
    requestBody:
      content:
        application/json:
          schema: { type: object, properties: { name: { type: string }, labels: { type: array } } }
    responses:
      "201":
        description: The thing.
        content:
          application/json:
            schema: { $ref: ../schemas/Thing.yaml }
thing:
  get:
    operationId: getThing
    x-resource:
      name: thing
      action: read
      id: thingId
    parameters:
      - { name: thingId, in: path, required: true, schema: { type: string } }
    responses:
      "200":
        description: The thing.
        content:
          application/json:
            schema: { $ref: ../schemas/Thing.yaml }
      "404":
        description: No such thing.
  delete:
    operationId: deleteThing
    x-resource: { name: thing, action: delete, id: thingId }
    parameters:
      - { name: thingId, in: path, required: true, schema: { type: string } }
    responses:
      "204":
        description: Deleted.
      "404":
        description: No such thing.
`;

/** Writes the contract (with `change` applied to the path file) to a fresh folder; lints it from there. */
function lint(change: (things: string) => string = (t) => t): string[] {
  const dir = mkdtempSync(join(tmpdir(), "leanapis-resources-"));
  mkdirSync(join(dir, "paths"));
  mkdirSync(join(dir, "schemas"));
  writeFileSync(join(dir, "openapi.yaml"), ENTRY);
  writeFileSync(join(dir, "schemas", "Thing.yaml"), THING);
  const things = change(THINGS);
  writeFileSync(join(dir, "paths", "things.yaml"), things);
  const file = join(dir, "paths", "things.yaml");
  // Places are shown relative to the working directory: make them relative to the contract here.
  return lintOpenApiResources(join(dir, "openapi.yaml")).map((problem) =>
    problem.replace(relative(process.cwd(), file), "paths/things.yaml"),
  );
}

/** `file:line:column  message  (rule)` of the problem that names `rule`, checked for its place. */
const problem = (line: number, column: number, text: string, rule: string) =>
  expect.stringMatching(new RegExp(`^paths/things\\.yaml:${line}:${column} {2}.*${text}.* {2}\\(${rule}\\)$`));

describe("the x-resource rules on an OpenAPI contract's source", () => {
  it("pass declarations that agree", () => {
    expect(lint()).toEqual([]);
  });

  it("name an unknown action where it is written", () => {
    expect(lint((t) => t.replace("action: read", "action: fetch"))).toEqual([
      problem(34, 15, 'action "fetch" is not one of create, read', "resource-declaration"),
    ]);
  });

  it("name an id that is no parameter, and a field the body does not have", () => {
    expect(lint((t) => t.replace("id: thingId\n    parameters", "id: thing\n    parameters"))).toEqual([
      problem(35, 11, "id thing names no parameter of getThing", "resource-parameters"),
    ]);
    expect(lint((t) => t.replace("tags: labels", "tags: label"))).toEqual([
      problem(18, 56, "fields reads label, which the request body does not declare", "resource-parameters"),
    ]);
  });

  it("want a created resource to be deletable", () => {
    const withoutDelete = (t: string) =>
      t.replace("    x-resource: { name: thing, action: delete, id: thingId }\n", "");
    expect(lint(withoutDelete)).toEqual([
      problem(18, 40, "thing is created .createThing. but nothing deletes it", "resource-complete"),
    ]);
  });

  it("want every answer to shape a property as the record does, unless it says it differs", () => {
    const reshaped = (t: string) =>
      t.replace(
        "things: { type: array, items: { $ref: ../schemas/Thing.yaml } }",
        "things: { type: array, items: { type: object, properties: { id: { type: string }, tags: { type: string } } } }",
      );
    expect(lint(reshaped)).toEqual([
      problem(
        4,
        17,
        "property tags of resource thing is shaped unlike in getThing; say so in differs",
        "resource-views-agree",
      ),
    ]);
    expect(lint((t) => reshaped(t).replace("items: things,", "items: things, differs: [tags],"))).toEqual([]);
    expect(lint((t) => t.replace("items: things,", "items: things, differs: [name],"))).toEqual([
      problem(4, 70, "differs lists name, which does not differ from getThing", "resource-views-agree"),
    ]);
  });

  it("want a read of a missing record to answer a declared 404", () => {
    const without404 = (t: string) =>
      t.replace('      "404":\n        description: No such thing.\n  delete', "  delete");
    expect(lint(without404)).toEqual([
      problem(33, 7, "getThing: a read of a missing record answers 404", "resource-missing"),
    ]);
  });
});

describe("the x-resource rules in an OpenRPC document", () => {
  const document = () => ({
    openrpc: "1.3.2",
    info: { title: "T", version: "1" },
    "x-security": { type: "apiKey", in: "header", name: "x-api-key" },
    methods: [
      {
        name: "thing.get",
        "x-resource": { name: "thing", action: "read", id: "id", missing: { result: false } },
        params: [{ name: "id", required: true, schema: { type: "integer" } }],
        result: { name: "thing", schema: { oneOf: [{ $ref: "#/components/schemas/Thing" }, { const: false }] } },
        errors: [{ $ref: "#/components/errors/NotFound" }],
        examples: [{ name: "one", params: [{ name: "id", value: 1 }], result: { name: "thing", value: { id: 1 } } }],
      },
    ],
    components: {
      schemas: { Thing: { type: "object", required: ["id"], properties: { id: { type: "integer" } } } },
      errors: { NotFound: { code: -32002, message: "Not found" } },
    },
  });
  const lintDocument = (change: (d: ReturnType<typeof document>) => void = () => undefined) => {
    const copy = document();
    change(copy);
    return lintOpenRpc(JSON.stringify(copy, null, 2), "openrpc.json").problems;
  };
  const declaration = (d: ReturnType<typeof document>) => d.methods[0]!["x-resource"] as Record<string, unknown>;

  it("pass a method whose declaration agrees", () => {
    expect(lintDocument()).toEqual([]);
  });

  it("want the answer for a missing record to be one the method may give", () => {
    expect(lintDocument((d) => (declaration(d).missing = { result: null }))).toEqual([
      expect.stringMatching(
        /^openrpc\.json:20:21 {2}thing\.get: missing\.result is not a result the method may answer: .* {2}\(resource-missing\)$/,
      ),
    ]);
    expect(lintDocument((d) => (declaration(d).missing = { error: "NotFound" }))).toEqual([]);
    expect(lintDocument((d) => delete declaration(d).missing)).toEqual([
      expect.stringContaining("thing.get: say what a read of a missing record answers in missing  (resource-missing)"),
    ]);
  });

  it("name a param the method does not take", () => {
    expect(lintDocument((d) => (declaration(d).id = "values.id"))).toEqual([
      expect.stringMatching(
        /^openrpc\.json:18:15 {2}thing\.get: id values\.id names no parameter of thing\.get \(id\) {2}\(resource-parameters\)$/,
      ),
    ]);
  });
});
