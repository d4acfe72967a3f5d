// Types for a JSON-RPC client from an OpenRPC document: one interface per schema, a
// params and a result type per method, the map of method names (and aliases) to them,
// and a tree of typed functions that mirrors the dotted method names.
import {
  type ContentDescriptorObject,
  deref,
  type MethodObject,
  type OpenRpcDocument,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { compile, type JSONSchema } from "json-schema-to-typescript";

type Aliased = MethodObject & { "x-aliases"?: string[]; "x-leantime-until"?: string };
interface Tree {
  [segment: string]: Tree | MethodEntry;
}
interface MethodEntry {
  method: MethodObject;
  params: ContentDescriptorObject[];
}

// As json-schema-to-typescript names a titled type: a letter after a digit is capitalised too (I18n → I18N).
const pascal = (text: string) =>
  text.replace(/(?:^|[^A-Za-z0-9]+|(?<=[0-9]))([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
const isEntry = (node: Tree | MethodEntry): node is MethodEntry =>
  "method" in node && "params" in node && Array.isArray(node.params);

/** The dotted segments every method name starts with ("leantime.rpc."), which the tree leaves out. */
export function commonPrefix(names: readonly string[]): string {
  const split = names.map((name) => name.split("."));
  const shortest = Math.min(...split.map((parts) => parts.length - 1));
  const shared: string[] = [];
  for (let i = 0; i < shortest && split.every((parts) => parts[i] === split[0]![i]); i++) shared.push(split[0]![i]!);
  return shared.map((part) => `${part}.`).join("");
}

function methodTree(entries: readonly MethodEntry[], prefix: string, typeName: string): string {
  const tree: Tree = {};
  for (const entry of entries) {
    const parts = entry.method.name.slice(prefix.length).split(".");
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Tree;
    }
    node[parts.at(-1)!] = entry;
  }
  const render = (node: Tree, depth: number): string =>
    Object.entries(node)
      .map(([key, value]) => {
        const pad = "  ".repeat(depth);
        if (!isEntry(value)) return `${pad}${key}: {\n${render(value, depth + 1)}\n${pad}};`;
        const optional = value.params.every((p) => !p.required) ? "?" : "";
        const type = `${typeName}[${JSON.stringify(value.method.name)}]`;
        const doc = value.method.summary ? `${pad}/** ${value.method.summary.replace(/\*\//g, "* /")} */\n` : "";
        return `${doc}${pad}${key}(params${optional}: ${type}["params"]): Promise<${type}["result"]>;`;
      })
      .join("\n");
  return render(tree, 1);
}

/** TypeScript source for the document; `api` names the exported types (e.g. "Leantime"). */
export async function openRpcTypes(document: OpenRpcDocument, api: string): Promise<string> {
  // A method a later release no longer exposes (`x-leantime-until`) gets no type: the types follow the latest release.
  const methods = (openRpcMethods(document) as Aliased[]).filter((m) => m["x-leantime-until"] === undefined);
  const prefix = commonPrefix(methods.map((m) => m.name));
  const entries = methods.map((method) => ({
    method,
    params: method.params.map((p) => deref<ContentDescriptorObject>(document, p)!),
  }));
  const definitions: Record<string, unknown> = { ...(document.components?.schemas ?? {}) };
  const lines: string[] = [];
  for (const { method, params } of entries) {
    const base = pascal(method.name.slice(prefix.length));
    // A title pins each generated type's name, also where the schema is only a reference.
    definitions[`${base}Params`] = {
      title: `${base}Params`,
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(
        params.map((p) => [p.name, { ...(p.schema as object), description: p.description }]),
      ),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
    const result = deref<ContentDescriptorObject>(document, method.result);
    definitions[`${base}Result`] = {
      title: `${base}Result`,
      ...((result?.schema as object | undefined) ?? { type: "null" }),
    };
    lines.push(`  ${JSON.stringify(method.name)}: { params: ${base}Params; result: ${base}Result };`);
  }
  // json-schema-to-typescript resolves refs among `definitions`, not `components/schemas`.
  const root = JSON.parse(
    JSON.stringify({ type: "object", additionalProperties: false, definitions }).replaceAll(
      '"#/components/schemas/',
      '"#/definitions/',
    ),
  ) as JSONSchema;
  const schemas = await compile(root, `${api}Schemas`, {
    bannerComment: "",
    unreachableDefinitions: true,
    additionalProperties: false,
    format: false,
  });
  const aliases = methods.flatMap((m) =>
    (m["x-aliases"] ?? []).map((alias) => `  ${JSON.stringify(alias)}: ${JSON.stringify(m.name)};`),
  );
  return [
    schemas,
    "/** Every method by its full name: its params and its result. */",
    `export interface ${api}Methods {\n${lines.join("\n")}\n}`,
    "/** The other names the server resolves to a method, by alias. */",
    `export interface ${api}Aliases {\n${aliases.join("\n")}\n}`,
    `/** The methods as functions, nested as their dotted names after "${prefix}". */`,
    `export interface ${api}MethodTree {\n${methodTree(entries, prefix, `${api}Methods`)}\n}`,
    `export const ${api.toUpperCase()}_METHOD_PREFIX = ${JSON.stringify(prefix)};`,
    "",
  ].join("\n");
}
