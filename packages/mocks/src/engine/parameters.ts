// Request parameters arrive as text; the contract types them. Values are converted where the
// text is an unambiguous rendering of the declared type, and left as text otherwise, so that
// validation names the offending value as it was sent.
import { deref, type OpenAPIV3_1, type OpenApiDocument } from "@leanapis/contract-helpers";

type Schema = OpenAPIV3_1.SchemaObject;

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function typesOf(schema: Schema | undefined): string[] {
  return schema?.type === undefined ? [] : [schema.type].flat();
}

function scalar(text: string, schema: Schema | undefined): unknown {
  const types = typesOf(schema);
  if ((types.includes("integer") || types.includes("number")) && NUMBER.test(text)) return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  if (types.includes("null") && text === "null") return null;
  return text;
}

/** How a parameter's value is read from the text(s) sent for it (query parameters may repeat); decided once. */
export function parameterReader(
  document: OpenApiDocument,
  parameter: OpenAPIV3_1.ParameterObject,
): (sent: string[]) => unknown {
  const schema = deref<Schema>(document, parameter.schema);
  if (typesOf(schema).includes("array")) {
    const items = deref<Schema>(document, (schema as OpenAPIV3_1.ArraySchemaObject).items);
    // form style without explode (and every path or header array) is one comma-separated value.
    const exploded = parameter.in === "query" && parameter.explode !== false && (parameter.style ?? "form") === "form";
    return (sent) => (exploded ? sent : sent.flatMap((text) => text.split(","))).map((part) => scalar(part, items));
  }
  return (sent) => scalar(sent.at(-1) ?? "", schema);
}
