// The drifts the contract suites must catch, one at a time: each takes a response the
// mock sent and returns it changed the way a real API might drift, or undefined when it
// does not apply to that response.
export interface WireResponse {
  status: number;
  contentType: string;
  body: unknown;
}

/** What a mutation needs to know of the contract about the response's record. */
export interface RecordShape {
  required: string[];
  properties: Record<string, { type?: string | string[]; enum?: unknown[] }>;
  /** The key holding the page metadata, for paged lists (`pageMeta`, `meta`). */
  pagingKey?: string;
}

export interface Mutation {
  name: string;
  /** Which response it changes: the operation's success, or an error the mock is asked for. */
  on: "success" | "error";
  apply: (response: WireResponse, shape: RecordShape) => WireResponse | undefined;
}

type Json = Record<string, unknown>;
const clone = <T>(value: T): T => structuredClone(value);

/** The object a mutation changes: the entity itself, the first of a list, or the one inside an envelope. */
export function recordOf(body: unknown, enveloped: boolean): Json | undefined {
  let node = enveloped && body && typeof body === "object" ? ((body as Json).data ?? (body as Json).result) : body;
  if (Array.isArray(node)) node = node[0];
  return node && typeof node === "object" ? (node as Json) : undefined;
}

function changeRecord(
  response: WireResponse,
  enveloped: boolean,
  change: (record: Json) => boolean,
): WireResponse | undefined {
  const body = clone(response.body);
  const record = recordOf(body, enveloped);
  return record && change(record) ? { ...response, body } : undefined;
}

const typedValueOtherThan = (type: string | string[] | undefined): unknown => {
  const types = [type ?? "string"].flat();
  if (types.includes("string")) return 404;
  if (types.includes("integer") || types.includes("number")) return "404";
  if (types.includes("boolean")) return "yes";
  if (types.includes("array")) return { not: "a list" };
  return "not an object";
};

export function mutations(enveloped: boolean): Mutation[] {
  return [
    {
      name: "a required field removed",
      on: "success",
      apply: (r, shape) =>
        changeRecord(r, enveloped, (record) => {
          const field = shape.required.find((name) => name in record);
          return field !== undefined && delete record[field];
        }),
    },
    {
      name: "a field renamed",
      on: "success",
      apply: (r, shape) =>
        changeRecord(r, enveloped, (record) => {
          const field = shape.required.find((name) => name in record) ?? Object.keys(record)[0];
          if (field === undefined) return false;
          record[`${field}Renamed`] = record[field];
          return delete record[field];
        }),
    },
    {
      name: "a type changed",
      on: "success",
      apply: (r, shape) =>
        changeRecord(r, enveloped, (record) => {
          const field = Object.keys(record).find((name) => shape.properties[name]?.type !== undefined);
          if (field === undefined) return false;
          record[field] = typedValueOtherThan(shape.properties[field]!.type);
          return true;
        }),
    },
    {
      name: "an enum value outside the set",
      on: "success",
      apply: (r, shape) =>
        changeRecord(r, enveloped, (record) => {
          const field = Object.keys(record).find((name) => shape.properties[name]?.enum);
          if (field === undefined) return false;
          record[field] = "not-in-the-enum";
          return true;
        }),
    },
    { name: "a wrong status", on: "success", apply: (r) => ({ ...r, status: 299 }) },
    { name: "a wrong content type", on: "success", apply: (r) => ({ ...r, contentType: "text/html; charset=utf-8" }) },
    {
      name: "a broken error envelope",
      on: "error",
      apply: (r) => ({ ...r, body: { problem: "something went wrong" } }),
    },
    {
      name: "a missing pagination key",
      on: "success",
      apply: (r, shape) => {
        if (!shape.pagingKey || !r.body || typeof r.body !== "object") return undefined;
        const body = clone(r.body) as Json;
        return delete body[shape.pagingKey] ? { ...r, body } : undefined;
      },
    },
  ];
}
