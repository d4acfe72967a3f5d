// fast-check arbitraries built from a contract's JSON schemas. Values are built from
// fast-check's own arbitraries (never drawn by another generator inside `fc.constant`), so a
// failing request shrinks towards the smallest one that still fails. The arbitraries aim at
// valid values but do not promise them (a `oneOf` may match twice, a `multipleOf` is
// ignored): the fuzz suite counts a request as valid only when the contract accepts it.
import { type ContractDocument, deref, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import fc from "fast-check";

type Schema = OpenAPIV3_1.SchemaObject & { const?: unknown; contentEncoding?: string };

export interface ArbitraryOptions {
  /** No empty string, ".", ".." nor "/" in strings: a path segment must survive URL normalization. */
  pathSegment?: boolean;
}

/** Below this depth, objects get only their required members and arrays their fewest items. */
const MAX_DEPTH = 3;
/** Strings stay short unless the schema asks for more: URLs and bodies stay small. */
const MAX_STRING = 12;
const MAX_ITEMS = 3;
const EPOCH_2000 = 946_684_800_000;
const EPOCH_2040 = 2_208_988_800_000;

const date = fc.date({ min: new Date(EPOCH_2000), max: new Date(EPOCH_2040), noInvalidDate: true });

function stringArbitrary(schema: Schema, options: ArbitraryOptions): fc.Arbitrary<string> {
  const minLength = Math.max(schema.minLength ?? 0, options.pathSegment ? 1 : 0);
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_STRING, minLength + MAX_STRING));
  let arbitrary: fc.Arbitrary<string>;
  if (schema.pattern !== undefined) arbitrary = fc.stringMatching(new RegExp(schema.pattern));
  else if (schema.format === "date-time") arbitrary = date.map((d) => d.toISOString());
  else if (schema.format === "date") arbitrary = date.map((d) => d.toISOString().slice(0, 10));
  else if (schema.format === "email") arbitrary = fc.emailAddress();
  else if (schema.format === "uri" || schema.format === "url") arbitrary = fc.webUrl();
  else if (schema.format === "uuid") arbitrary = fc.uuid();
  else if (schema.contentEncoding === "base64") arbitrary = fc.base64String({ maxLength: 16 });
  else if (options.pathSegment) arbitrary = fc.stringMatching(/^[A-Za-z0-9_-]+$/);
  else arbitrary = fc.string({ minLength, maxLength });
  const lengthOk = (s: string) => s.length >= minLength && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  return arbitrary.filter((s) => lengthOk(s) && !(options.pathSegment && (s === "." || s === "..")));
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const low = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : schema.minimum;
  const high = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : schema.maximum;
  // Small numbers by default: a page of 10^9 records says no more than a page of 9.
  const min = low ?? (high !== undefined ? high - 1000 : -1000);
  const max = high ?? min + 2000;
  const excluded = (n: number) =>
    (typeof schema.exclusiveMinimum === "number" && n <= schema.exclusiveMinimum) ||
    (typeof schema.exclusiveMaximum === "number" && n >= schema.exclusiveMaximum);
  const arbitrary = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return arbitrary.filter((n) => !excluded(n) && !Object.is(n, -0));
}

/** `allOf` members merged into one object schema (the contracts use allOf to extend envelopes). */
function merged(document: ContractDocument, schema: Schema): Schema {
  const parts = [schema, ...(schema.allOf ?? []).map((part) => merged(document, deref<Schema>(document, part)!))];
  const result: Schema = { ...schema, allOf: undefined };
  for (const part of parts) {
    Object.assign(result, { ...part, allOf: undefined, properties: undefined, required: undefined });
  }
  result.properties = Object.assign({}, ...parts.map((part) => part.properties ?? {}));
  result.required = [...new Set(parts.flatMap((part) => part.required ?? []))];
  return result;
}

/** An arbitrary of values for `schema`; its `$ref`s resolve against the whole contract. */
export function arbitraryOf(
  document: ContractDocument,
  node: unknown,
  options: ArbitraryOptions = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  let schema = deref<Schema>(document, node as Schema);
  if (schema === undefined || (schema as unknown) === true) return fc.constantFrom<unknown>("any", 1, true);
  if (schema.allOf) schema = merged(document, schema);
  if (schema.const !== undefined) return fc.constantFrom(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const { oneOf: _one, anyOf: _any, ...rest } = schema;
    // Sibling keywords (a shared `type`, `properties`) apply to every alternative.
    return fc.oneof(
      ...alternatives.map((alternative) => {
        const resolved = deref<Schema>(document, alternative)!;
        return arbitraryOf(document, { ...rest, ...resolved }, options, depth);
      }),
    );
  }
  const types = [schema.type ?? (schema.properties ? "object" : "items" in schema ? "array" : "string")].flat();
  return fc.oneof(...types.map((type) => typed(document, schema, type, options, depth)));
}

function typed(
  document: ContractDocument,
  schema: Schema,
  type: string,
  options: ArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return stringArbitrary(schema, options);
    case "integer":
    case "number":
      return numberArbitrary(schema, type === "integer");
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constantFrom(null);
    case "array": {
      const items = (schema as OpenAPIV3_1.ArraySchemaObject).items;
      const minLength = schema.minItems ?? 0;
      const maxLength =
        depth >= MAX_DEPTH ? minLength : Math.max(minLength, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS));
      const item = arbitraryOf(document, items, options, depth + 1);
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    default: {
      const required = new Set(schema.required ?? []);
      const properties = Object.entries(schema.properties ?? {}).filter(
        ([name]) => depth < MAX_DEPTH || required.has(name),
      );
      const shape = Object.fromEntries(
        properties.map(([name, sub]) => [name, arbitraryOf(document, sub, {}, depth + 1)]),
      );
      const record = fc.record(shape, { requiredKeys: [...required].filter((name) => name in shape) });
      const minProperties = schema.minProperties ?? 0;
      return record.filter((value) => Object.keys(value).length >= minProperties);
    }
  }
}
