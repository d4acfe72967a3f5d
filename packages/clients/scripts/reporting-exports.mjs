// The Reporting contract's exports as data the client converts rows with: for each export
// (its path after /io/reporting/export/), its row schema and each column's kind, read
// from the contract so that the conversion cannot drift from it.
const EXPORT_PATH = /^\/io\/reporting\/export\/([a-z/]+)$/;

function columnKind(schema, components) {
  const resolved = schema.$ref ? components[schema.$ref.split("/").at(-1)] : schema;
  const type = [resolved.type].flat().find((t) => t !== "null");
  if (type === "string" && (resolved.format === "date" || resolved.format === "date-time")) return resolved.format;
  return type ?? "string";
}

export function reportingExports(document) {
  const components = document.components.schemas;
  const exports = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const name = EXPORT_PATH.exec(path)?.[1];
    if (!name) continue;
    let response = item.get.responses["200"];
    if (response.$ref) response = document.components.responses[response.$ref.split("/").at(-1)];
    const row = response.content["application/json"].schema.items.$ref.split("/").at(-1);
    const columns = Object.fromEntries(
      Object.entries(components[row].properties).map(([column, schema]) => [column, columnKind(schema, components)]),
    );
    exports[name] = { row, columns };
  }
  const rows = Object.entries(exports).map(([name, { row }]) => `  ${JSON.stringify(name)}: components["schemas"][${JSON.stringify(row)}];`);
  return [
    `import type { components } from "./reporting.js";`,
    "",
    `/** Each export's row schema and column kinds, by its path after /io/reporting/export/. */`,
    `export const REPORTING_EXPORTS = ${JSON.stringify(exports, null, 2)} as const;`,
    "",
    `/** The row type of each export. */`,
    `export interface ReportingExportRows {\n${rows.join("\n")}\n}`,
    "",
  ].join("\n");
}
