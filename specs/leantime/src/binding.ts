// How the server binds a JSON-RPC param to a PHP parameter (Jsonrpc::prepareParameters and
// Cast::castSimple, the same in every release read), as a JSON Schema: what it accepts is
// what the schema accepts. A value whose JSON type is the PHP type's own (string, array)
// passes as it is; int, float and bool go through filter_var; a null is refused unless the
// type is ?string (which turns it into ""), mixed or untyped; a union type is never bound;
// an enum takes a case's name or value (Cast::castEnum).
import type { PhpParameter, PhpType } from "./php-source.js";

type Schema = Record<string, unknown>;

/** Any JSON value, spelled out so that type generators read it as such (an empty schema reads as an object to some). */
const ANY_JSON = { type: ["string", "number", "boolean", "object", "array", "null"] };

export const INT_STRING = "^\\s*[+-]?(0|[1-9][0-9]*)\\s*$";
export const FLOAT_STRING = "^\\s*[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$";
const caseless = (word: string) =>
  [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join("");
/** FILTER_VALIDATE_BOOLEAN: these words (any case, trimmed) and the empty string. */
export const BOOL_STRING = `^\\s*(${["true", "false", "on", "off", "yes", "no", "1", "0"].map(caseless).join("|")})?\\s*$`;

/** The PHP type as written (`?int`, `int|string`, or "untyped"). */
export function phpTypeText(type: PhpType): string {
  if (type.kind === "none") return "untyped";
  if (type.kind === "union") return `${type.names.join("|")}${type.nullable ? "|null" : ""}`;
  const short = type.name.split("\\").pop()!;
  return type.nullable && type.name !== "mixed" ? `?${short}` : short;
}

export interface Binding {
  schema: Schema;
  /** One sentence on what the server takes for it. */
  rule: string;
  /** A union type: the server can never bind a value to it. */
  unbindable: boolean;
}

export function binding(param: PhpParameter): Binding {
  const { type } = param;
  const php = phpTypeText(type);
  const tagged = (schema: Schema, rule: string, unbindable = false): Binding => ({
    schema: { ...schema, "x-leantime-php-type": php },
    rule,
    unbindable,
  });
  if (type.kind === "none") {
    return tagged(ANY_JSON, "Untyped in PHP: any JSON value is passed to the service as sent.");
  }
  if (type.kind === "union") {
    return tagged(
      { not: {}, "x-leantime-unbindable": true },
      `PHP type ${php}: the server cannot bind a value to a union-typed parameter (every value is refused with -32602 "Could not cast parameter"), so leave it out.`,
      true,
    );
  }
  const noNull = "explicit null is refused (-32602); leave the member out to get the default.";
  switch (type.name) {
    case "mixed":
      return tagged(ANY_JSON, "PHP type mixed: any JSON value is passed as sent.");
    case "int":
      return tagged(
        { anyOf: [{ type: "integer" }, { type: "string", pattern: INT_STRING }] },
        `PHP type ${php}: an integer, or a string PHP's FILTER_VALIDATE_INT takes ("12"); ${noNull}`,
      );
    case "float":
      return tagged(
        { anyOf: [{ type: "number" }, { type: "string", pattern: FLOAT_STRING }] },
        `PHP type ${php}: a number, or a numeric string ("1.5"); ${noNull}`,
      );
    case "bool":
      return tagged(
        { anyOf: [{ type: "boolean" }, { enum: [0, 1] }, { type: "string", pattern: BOOL_STRING }] },
        `PHP type ${php}: true/false, 0/1, or a string FILTER_VALIDATE_BOOLEAN takes ("true", "on", "yes", "1", "false", "off", "no", "0", ""); ${noNull}`,
      );
    case "string":
      return type.nullable
        ? tagged(
            { type: ["string", "number", "boolean", "null"] },
            `PHP type ${php}: a string (numbers and booleans are cast to strings; null becomes "").`,
          )
        : tagged(
            { type: ["string", "number", "boolean"] },
            `PHP type ${php}: a string (numbers and booleans are cast to strings); null is refused.`,
          );
    case "array":
    case "object":
    case "stdclass":
      return tagged(
        { type: ["object", "array"] },
        `PHP type ${php}: a JSON object or list (both arrive as a PHP array); ${noNull}`,
      );
    default: {
      if (/carbon/i.test(type.name)) {
        return tagged(
          { type: "string" },
          `PHP type ${php}: a date string, parsed as a UTC database date-time ("2026-05-04 09:30:00"); ${noNull}`,
        );
      }
      if (type.enumCases) {
        // cast() → Cast::castEnum: a string equal to a case's name, else the backing value (tryFrom).
        const names = type.enumCases.map((c) => c.name);
        const values = type.enumCases.flatMap((c) => (c.value === undefined ? [] : [c.value]));
        const shown = (list: readonly unknown[]) => list.map((v) => JSON.stringify(v)).join(", ");
        const jsonType = values.some((v) => typeof v === "number") ? ["string", "integer"] : "string";
        return tagged(
          { type: jsonType, enum: [...new Set([...names, ...values])] },
          `PHP enum ${php}: a case's name (${shown(names)})${values.length ? ` or its value (${shown(values)})` : ""}, exactly as written; anything else is refused (-32602); ${noNull}`,
        );
      }
      if (type.builtin) {
        return tagged(
          { not: {}, "x-leantime-unbindable": true },
          `PHP type ${php}: no JSON value can be bound to it.`,
          true,
        );
      }
      return tagged(
        { type: "object" },
        `PHP type ${php}: an object whose members the server copies onto a new ${type.name.split("\\").pop()} (Cast::castTo); ${noNull}`,
      );
    }
  }
}

/** A value the server binds to the parameter, for generated examples: the default, else one by type and name. */
export function sampleValue(param: PhpParameter): unknown {
  if (param.default && "json" in param.default && param.default.json !== null) return param.default.json;
  const name = param.name.toLowerCase();
  const type = param.type.kind === "named" ? param.type.name : "none";
  if (type === "int" || (type === "none" && /id$/.test(name))) return /id$/.test(name) ? 3 : 1;
  if (type === "float") return 1.5;
  if (type === "bool") return true;
  if (type === "array" || type === "object" || type === "stdclass") return {};
  const firstCase = param.type.kind === "named" ? param.type.enumCases?.[0] : undefined;
  if (firstCase) return firstCase.value ?? firstCase.name;
  if (param.type.kind === "named" && !param.type.builtin && !/carbon/i.test(type)) return {};
  if (/date|start|end|from|until/.test(name)) return "2026-05-04 09:30:00";
  if (/email|username/.test(name)) return "ana@example.com";
  return param.name;
}

/** The result schema from a method's PHP return type, where no hand-written one exists. */
export function resultSchema(type: PhpType): Schema {
  if (type.kind === "none") return { description: "Untyped in PHP: whatever the service returns." };
  const names = type.kind === "union" ? type.names : [type.name];
  const schemas = names.map((name): Schema => {
    switch (name) {
      case "int":
        return { type: "integer" };
      case "float":
        return { type: "number" };
      case "string":
        return { type: "string" };
      case "bool":
        return { type: "boolean" };
      case "false":
        return { const: false };
      case "true":
        return { const: true };
      case "void":
      case "null":
      case "never":
        return { type: "null" };
      case "array":
      case "iterable":
        return { type: ["object", "array"] };
      case "mixed":
        return {};
      default:
        return { type: ["object", "array"], description: `A ${name.split("\\").pop()} object, as an array.` };
    }
  });
  if (type.nullable && !names.includes("mixed")) schemas.push({ type: "null" });
  return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
}

/** A result the schema allows, for generated examples. */
export function sampleResult(type: PhpType): unknown {
  if (type.kind === "none") return null;
  const name = type.kind === "union" ? type.names[0]! : type.name;
  switch (name) {
    case "int":
      return 1;
    case "float":
      return 1.5;
    case "string":
      return "";
    case "bool":
    case "true":
      return true;
    case "false":
      return false;
    case "mixed":
    case "void":
    case "null":
    case "never":
      return null;
    default:
      return [];
  }
}
