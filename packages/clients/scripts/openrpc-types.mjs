// Types for a JSON-RPC client from an OpenRPC document: one interface per schema, a
// params and a result type per method, the map of method names (and aliases) to them,
// and a tree of typed functions that mirrors the dotted method names.
import { compile } from "json-schema-to-typescript";

const pascal = (text) => text.replace(/(?:^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, c) => c.toUpperCase());

function methodTree(methods, prefix, typeName, indent = "  ") {
  const tree = {};
  for (const method of methods) {
    const parts = method.name.slice(prefix.length).split(".");
    let node = tree;
    for (const part of parts.slice(0, -1)) node = node[part] ??= {};
    node[parts.at(-1)] = method;
  }
  const render = (node, depth) =>
    Object.entries(node)
      .map(([key, value]) => {
        const pad = indent.repeat(depth);
        if (value.name === undefined) return `${pad}${key}: {\n${render(value, depth + 1)}\n${pad}};`;
        const optional = value.params.every((p) => !p.required) ? "?" : "";
        const entry = `${typeName}[${JSON.stringify(value.name)}]`;
        const doc = value.summary ? `${pad}/** ${value.summary.replace(/\*\//g, "* /")} */\n` : "";
        return `${doc}${pad}${key}(params${optional}: ${entry}["params"]): Promise<${entry}["result"]>;`;
      })
      .join("\n");
  return render(tree, 1);
}

/**
 * TypeScript source for the document. `api` names the exported types (e.g. "Leantime");
 * `prefix` is the part of every method name the method tree leaves out ("leantime.rpc.").
 */
export async function openRpcTypes(document, api, prefix) {
  const outside = document.methods.find((m) => !m.name.startsWith(prefix));
  if (outside) throw new Error(`${outside.name} does not start with ${prefix}`);
  const definitions = { ...(document.components?.schemas ?? {}) };
  const entries = [];
  for (const method of document.methods) {
    const base = pascal(method.name.slice(prefix.length));
    // A title pins each generated type's name, also where the schema is only a reference.
    definitions[`${base}Params`] = {
      title: `${base}Params`,
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(method.params.map((p) => [p.name, { ...p.schema, description: p.description }])),
      required: method.params.filter((p) => p.required).map((p) => p.name),
    };
    definitions[`${base}Result`] = { title: `${base}Result`, ...(method.result?.schema ?? { type: "null" }) };
    entries.push(`  ${JSON.stringify(method.name)}: { params: ${base}Params; result: ${base}Result };`);
  }
  const root = JSON.parse(
    JSON.stringify({ type: "object", additionalProperties: false, definitions }).replaceAll('"#/components/schemas/', '"#/definitions/'),
  );
  const schemas = await compile(root, `${api}Schemas`, { bannerComment: "", unreachableDefinitions: true, additionalProperties: false, format: false });
  const aliases = document.methods.flatMap((m) => (m["x-aliases"] ?? []).map((alias) => `  ${JSON.stringify(alias)}: ${JSON.stringify(m.name)};`));
  return [
    schemas,
    `/** Every method by its full name: its params and its result. */`,
    `export interface ${api}Methods {\n${entries.join("\n")}\n}`,
    `/** The other names the server resolves to a method, by alias. */`,
    `export interface ${api}Aliases {\n${aliases.join("\n")}\n}`,
    `/** The methods as functions, nested as their dotted names after "${prefix}". */`,
    `export interface ${api}MethodTree {\n${methodTree(document.methods, prefix, `${api}Methods`)}\n}`,
    `export const ${api.toUpperCase()}_METHOD_PREFIX = ${JSON.stringify(prefix)};`,
    "",
  ].join("\n");
}
