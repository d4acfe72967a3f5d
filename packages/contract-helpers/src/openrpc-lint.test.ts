import { describe, expect, it } from "vitest";
import { lintOpenRpc } from "./openrpc-lint.js";

const valid = {
  openrpc: "1.3.2",
  info: { title: "T", version: "1" },
  "x-security": { type: "apiKey", in: "header", name: "x-api-key" },
  methods: [
    {
      name: "a.get",
      "x-aliases": ["a.getAlias"],
      params: [{ name: "id", required: true, schema: { type: "integer" } }],
      result: { name: "thing", schema: { $ref: "#/components/schemas/Thing" } },
      errors: [{ $ref: "#/components/errors/InvalidParams" }],
      examples: [{ name: "one", params: [{ name: "id", value: 1 }], result: { name: "thing", value: { id: 1 } } }],
    },
  ],
  components: {
    schemas: { Thing: { type: "object", required: ["id"], properties: { id: { type: "integer" } } } },
    errors: { InvalidParams: { code: -32602, message: "Invalid params" } },
  },
};
const lint = (document: unknown) => lintOpenRpc(JSON.stringify(document, null, 2), "openrpc.json").problems;
const edit = (change: (d: typeof valid) => void) => {
  const copy = structuredClone(valid);
  change(copy);
  return copy;
};

describe("lintOpenRpc", () => {
  it("passes a valid document", () => {
    expect(lint(valid)).toEqual([]);
  });

  it("names file, line, column and rule for invalid JSON", () => {
    expect(lintOpenRpc('{\n  "openrpc": "1.3.2",\n}', "openrpc.json").problems[0]).toBe(
      "openrpc.json:3:1  PropertyNameExpected  (valid-json)",
    );
  });

  it("reports meta-schema violations where they are", () => {
    const [problem] = lint(edit((d) => ((d.methods[0] as Record<string, unknown>).params = "id")));
    expect(problem).toMatch(/^openrpc\.json:\d+:\d+ {2}.*\(openrpc-meta-schema\)$/);
  });

  it("reports an example that does not validate at its value", () => {
    const problems = lint(edit((d) => (d.methods[0]!.examples[0]!.result.value = { id: "one" } as never)));
    expect(problems).toEqual([
      expect.stringMatching(
        /^openrpc\.json:\d+:\d+ {2}result: at \/id: must be integer \(\{"type":"integer"\}\); value: "one" {2}\(valid-examples\)$/,
      ),
    ]);
    const line = Number(problems[0]!.split(":")[1]);
    expect(
      JSON.stringify(
        edit((d) => (d.methods[0]!.examples[0]!.result.value = { id: "one" } as never)),
        null,
        2,
      ).split("\n")[line - 1],
    ).toContain('"value"');
  });

  it("reports a missing required example param, an unresolved ref and a name used twice", () => {
    expect(lint(edit((d) => (d.methods[0]!.examples[0]!.params = [])))).toEqual([
      expect.stringContaining('example "one" lacks required param id  (valid-examples)'),
    ]);
    expect(lint(edit((d) => (d.methods[0]!.result.schema.$ref = "#/components/schemas/Nope")))).toEqual([
      expect.stringContaining("Can't resolve $ref #/components/schemas/Nope  (no-unresolved-refs)"),
    ]);
    expect(lint(edit((d) => (d.methods[0]!["x-aliases"] = ["a.get"])))).toEqual([
      expect.stringContaining("a.get is already the name or alias of a.get  (unique-method-names)"),
    ]);
  });

  it("requires the document to state its authentication", () => {
    expect(lint(edit((d) => delete (d as Partial<typeof valid>)["x-security"]))).toEqual([
      expect.stringContaining("(x-security-defined)"),
    ]);
  });
});
