// A contract's CSV/TAB/JSON exports as data the client converts rows with: for each export
// (its path after …/export/), its row schema and each column's kind, read from the contract
// so that the conversion cannot drift from it.
import { deref, type OpenAPIV3_1, type OpenApiDocument, openApiOperations } from "@leanapis/contract-helpers";

const EXPORT_PATH = /\/export\/([a-z/]+)$/;

type Schema = OpenAPIV3_1.SchemaObject;

/** The schema's format, or that of a schema it combines (Reporting's datetimes are ISO or LeanKit's own form). */
function formatOf(document: OpenApiDocument, node: Schema | OpenAPIV3_1.ReferenceObject): string | undefined {
  const schema = deref<Schema>(document, node);
  if (!schema) return undefined;
  if (schema.format) return schema.format;
  for (const branch of [...(schema.allOf ?? []), ...(schema.anyOf ?? [])]) {
    const format = formatOf(document, branch);
    if (format) return format;
  }
  return undefined;
}

function columnKind(document: OpenApiDocument, column: Schema | OpenAPIV3_1.ReferenceObject): string {
  const schema = deref<Schema>(document, column)!;
  const type = [schema.type].flat().find((t) => t !== "null");
  const format = formatOf(document, schema);
  if (type === "string" && (format === "date" || format === "date-time")) return format;
  return type ?? "string";
}

/** TypeScript source for the exports of `document` (types from `./<module>.js`); undefined if it has none. */
export function exportRows(document: OpenApiDocument, module: string): string | undefined {
  const exports: Record<string, { row: string; columns: Record<string, string> }> = {};
  for (const { path, method, operation } of openApiOperations(document)) {
    const name = EXPORT_PATH.exec(path)?.[1];
    if (!name || method !== "get") continue;
    const response = deref<OpenAPIV3_1.ResponseObject>(document, operation.responses?.["200"]);
    const rows = response?.content?.["application/json"]?.schema as OpenAPIV3_1.ArraySchemaObject | undefined;
    const ref = (rows?.items as OpenAPIV3_1.ReferenceObject | undefined)?.$ref;
    const row = ref?.split("/").at(-1);
    if (!row) continue;
    const properties = deref<Schema>(document, { $ref: ref! })?.properties ?? {};
    exports[name] = {
      row,
      columns: Object.fromEntries(
        Object.entries(properties).map(([column, schema]) => [column, columnKind(document, schema)]),
      ),
    };
  }
  if (Object.keys(exports).length === 0) return undefined;
  const rows = Object.entries(exports).map(
    ([name, { row }]) => `  ${JSON.stringify(name)}: components["schemas"][${JSON.stringify(row)}];`,
  );
  return [
    `import type { components } from "./${module}.js";`,
    "",
    "/** Each export's row schema and column kinds, by its path after …/export/. */",
    `export const REPORTING_EXPORTS = ${JSON.stringify(exports, null, 2)} as const;`,
    "",
    "/** The row type of each export. */",
    `export interface ReportingExportRows {\n${rows.join("\n")}\n}`,
    "",
  ].join("\n");
}
