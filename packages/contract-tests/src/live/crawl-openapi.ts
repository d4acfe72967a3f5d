// Crawls the read-only (GET) operations of an OpenAPI contract on a live API. An operation
// whose path names records (`/io/board/{boardId}/cardType/{cardTypeId}`) is called with ids
// the API itself listed: the records its collection (`/io/board/{boardId}/cardType`) answered,
// else ids of that kind seen in any answer (`cardTypeId` members, `cardTypes` lists). Paths
// are taken with fewer parameters first, so that collections are listed before their
// members; an operation for which no id turns up is reported as not reached.
import { type OpenAPIV3_1, type OpenApiOperation, templateParameters } from "@leanapis/contract-helpers";
import type { Contract } from "../contract.js";
import { exampleRequest, type Parameter } from "../every-operation.js";
import { CALLS_PER_OPERATION, type CrawlReport, emptyReport, noteCall } from "./crawl.js";
import { type Id, IdPool, idFor, idKind, kindOf, listedRecords } from "./ids.js";

type Params = Record<string, Id>;
type Json = Record<string, unknown>;

/** Sends one request through a checked client: its status and parsed body, or the client's error. */
export type Send = (
  entry: OpenApiOperation,
  params: { path: Json; query: Json },
) => Promise<{ status: number; body: unknown }>;

const READ_METHODS = new Set(["get", "head"]);

/** How reports name an operation: its operationId, else its method and path. */
const nameOf = (entry: OpenApiOperation) =>
  entry.operation.operationId ?? `${entry.method.toUpperCase()} ${entry.path}`;

/** The operation's literal last segment, which says what a record at its root is (`/io/organization/me` → organization). */
function rootKind(path: string): string | undefined {
  const literal = path
    .split("/")
    .filter((segment) => segment !== "" && !segment.startsWith("{") && segment !== "me")
    .at(-1);
  return literal === undefined ? undefined : kindOf(literal.replace(/\.\w+$/, ""));
}

/** A value of the parameter's schema's type: ids come as text in paths and as numbers in bodies. */
function asSchemaType(parameter: Parameter | undefined, id: Id): Id {
  const type = (parameter?.schema as OpenAPIV3_1.SchemaObject | undefined)?.type;
  const types = Array.isArray(type) ? type : [type];
  if (typeof id === "string" && !types.includes("string") && (types.includes("integer") || types.includes("number")))
    return /^-?\d+(\.\d+)?$/.test(id) ? Number(id) : id;
  return typeof id === "number" && types.includes("string") ? String(id) : id;
}

export async function crawlOpenApi(
  api: string,
  contract: Contract,
  send: Send,
  statusOfError: (error: unknown) => number | undefined,
): Promise<CrawlReport> {
  const report = emptyReport(api);
  const pool = new IdPool();
  /** What each collection answered, by path template: the parameters it was called with and its records. */
  const listed = new Map<string, { params: Params; records: Json[] }[]>();
  const reads = contract.operations().filter((entry) => READ_METHODS.has(entry.method));
  /** Path parameters by name, for their schemas (an enum is a value to take, not an id to find). */
  const parameters = new Map<string, Parameter>();
  for (const entry of reads)
    for (const parameter of entry.parameters)
      if (parameter.in === "path") parameters.set(parameter.name, parameter as Parameter);

  /** Ways to fill the parameters of `template`, from what the crawl has seen; empty when one has no value yet. */
  const fillings = (template: string): Params[] => {
    const names = templateParameters(template);
    const last = names.at(-1);
    if (last === undefined) return [{}];
    const collection = template.slice(0, template.lastIndexOf(`/{${last}}`));
    const parameter = parameters.get(last);
    const choices = (parameter?.schema as OpenAPIV3_1.SchemaObject | undefined)?.enum;
    if (choices?.length) return fillings(collection).map((params) => ({ ...params, [last]: choices[0] as Id }));
    const fromList = (listed.get(collection) ?? []).flatMap(({ params, records }) =>
      records.flatMap((record) => {
        const id = idFor(record, last);
        return id === undefined ? [] : [{ ...params, [last]: asSchemaType(parameter, id) }];
      }),
    );
    if (fromList.length > 0) return fromList;
    const seen = pool.ids(idKind(last) ?? kindOf(last));
    if (seen.length === 0) return [];
    return fillings(collection).flatMap((params) =>
      seen.map((id) => ({ ...params, [last]: asSchemaType(parameter, id) })),
    );
  };

  /** The query the operation requires, from the contract's examples; optional filters would narrow what the crawl sees. */
  const requiredQuery = (entry: OpenApiOperation): Json => {
    const { params } = exampleRequest(contract.document, entry.operation, entry.parameters as Parameter[]);
    const required = new Set(entry.parameters.filter((p) => p.in === "query" && p.required).map((p) => p.name));
    return Object.fromEntries(Object.entries(params.query).filter(([name]) => required.has(name)));
  };

  const call = async (entry: OpenApiOperation, path: Params, query: Json) => {
    const body = await noteCall(report, nameOf(entry), () => send(entry, { path, query }), statusOfError);
    if (body === undefined) return;
    pool.harvest(body, rootKind(entry.path));
    const records = listedRecords(body).slice(0, CALLS_PER_OPERATION * 2);
    if (records.length > 0) listed.set(entry.path, [...(listed.get(entry.path) ?? []), { params: path, records }]);
  };

  // Fewer path parameters first: a collection is listed before the records it holds.
  const depth = (entry: OpenApiOperation) => templateParameters(entry.path).length;
  let pending = [...reads].sort((a, b) => depth(a) - depth(b));
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    const deepest = Math.max(...pending.map(depth));
    for (let level = 0; level <= deepest; level++) {
      for (const entry of pending.filter((candidate) => depth(candidate) === level)) {
        // Only values the contract accepts: a request it refuses would test the client, not the API.
        const query = requiredQuery(entry);
        const usable = fillings(entry.path).filter(
          (path) => contract.requestProblems(entry.method, entry.path, { path, query }, null, undefined).length === 0,
        );
        if (usable.length === 0) continue;
        pending = pending.filter((candidate) => candidate !== entry);
        progress = true;
        for (const path of usable.slice(0, CALLS_PER_OPERATION)) await call(entry, path, query);
      }
    }
  }
  for (const entry of pending) {
    // The first parameter, left to right, that nothing the crawl saw could fill.
    const upTo = (name: string) => entry.path.slice(0, entry.path.indexOf(`{${name}}`) + name.length + 2);
    const missing = templateParameters(entry.path).find((name) => fillings(upTo(name)).length === 0);
    report.notReached.push({ operation: nameOf(entry), missing: missing ?? "a value the contract accepts" });
  }
  return report;
}
