// Checks the `x-resource` declarations of a contract against each other and against the
// operations they stand on. Each problem names where it is (segments into the document) and
// its rule:
//   resource-declaration   the extension's shape: a name, a known action, the members each action needs
//   resource-parameters    every parameter, param and body member a declaration names exists
//   resource-complete      a resource that is created can be read back and deleted; links come with unlinks
//   resource-views-agree   every answer shapes a property as the resource's record does, or says it differs
//   resource-missing       what a missing record answers: a declared 404, or the OpenRPC `missing` answer
import { type ContractDocument, isOpenRpc, type OpenRpcDocument } from "./documents.js";
import { deref, isReference, refSegments, type Segments } from "./pointer.js";
import {
  answerRecordSchema,
  type DeclaredOperation,
  declaredOperations,
  dotPath,
  FILTER_OPS,
  PATCH_FORMATS,
  RESOURCE_ACTIONS,
  type RecordSchema,
  type ResourceAction,
  recordSchema,
} from "./resources.js";
import { SchemaValidators } from "./validators.js";

export interface LintProblem {
  at: (string | number)[];
  message: string;
  rule: string;
}

const KNOWN_MEMBERS = new Set([
  "name",
  "action",
  "id",
  "scope",
  "filters",
  "input",
  "fields",
  "patch",
  "version",
  "items",
  "limit",
  "fullRecord",
  "differs",
  "missing",
  "field",
  "entry",
  "pairs",
]);
/** The members each action may carry beyond name and action. */
const ALLOWED: Record<ResourceAction, string[]> = {
  create: ["scope", "input", "fields", "fullRecord"],
  read: ["id", "scope", "differs", "missing"],
  list: ["scope", "filters", "items", "limit", "differs"],
  update: ["id", "scope", "input", "fields", "patch", "version", "differs", "missing"],
  delete: ["id", "scope", "missing"],
  link: ["field", "entry", "pairs"],
  unlink: ["field", "entry", "pairs"],
};
const NEEDS_ID = new Set<ResourceAction>(["read", "update", "delete"]);
/** Keywords that say nothing about a value's shape: answers that differ only in them agree. */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "summary",
  "example",
  "examples",
  "readOnly",
  "writeOnly",
  "deprecated",
  "default",
  "$comment",
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const isStringMap = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every((v) => typeof v === "string");

/** A schema with its references followed and annotations dropped, for comparing shapes. */
function shapeOf(document: unknown, node: unknown, trail: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => shapeOf(document, item, trail));
  if (!isObject(node)) return node;
  if (isReference(node)) {
    if (trail.includes(node.$ref)) return { $ref: node.$ref };
    const { $ref, ...siblings } = node;
    const target = shapeOf(document, deref(document, { $ref }), [...trail, $ref]);
    const rest = shapeOf(document, siblings, trail) as Record<string, unknown>;
    return isObject(target) ? { ...target, ...rest } : target;
  }
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !ANNOTATIONS.has(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => [key, shapeOf(document, value, trail)]),
  );
}

const sameShape = (document: unknown, a: unknown, b: unknown) =>
  JSON.stringify(shapeOf(document, a)) === JSON.stringify(shapeOf(document, b));

function schemaType(document: unknown, schema: unknown): string[] {
  const resolved = deref<Record<string, unknown>>(document, schema as Record<string, unknown>);
  return resolved?.type === undefined ? [] : [resolved.type as string | string[]].flat();
}

/** Whether the properties of `record` reach `path` (through arrays and nested objects where declared). */
function reaches(document: unknown, record: RecordSchema, path: string): boolean {
  let properties = record.properties;
  for (const [i, part] of dotPath(path).entries()) {
    const property = properties.get(part);
    if (property === undefined) return false;
    if (i === dotPath(path).length - 1) return true;
    let node = deref<Record<string, unknown>>(document, property as Record<string, unknown>);
    if (node?.type === "array" || node?.items !== undefined)
      node = deref(document, node.items as Record<string, unknown>);
    const nested = node && recordSchemaOfNode(document, node);
    // A member the schema leaves open (no properties declared) is taken on trust.
    if (!nested) return true;
    properties = nested;
  }
  return true;
}

function recordSchemaOfNode(document: unknown, node: Record<string, unknown>): Map<string, unknown> | undefined {
  const properties = new Map<string, unknown>();
  for (const [name, value] of Object.entries((node.properties as Record<string, unknown>) ?? {}))
    properties.set(name, value);
  for (const branch of (node.allOf as unknown[] | undefined) ?? []) {
    const resolved = deref<Record<string, unknown>>(document, branch as Record<string, unknown>);
    const inner = resolved && recordSchemaOfNode(document, resolved);
    for (const [name, value] of inner ?? []) properties.set(name, value);
  }
  return properties.size > 0 ? properties : undefined;
}

interface Checked {
  declared: DeclaredOperation;
  record: RecordSchema | undefined;
}

export function resourceProblems(document: ContractDocument): LintProblem[] {
  const problems: LintProblem[] = [];
  const rpc = isOpenRpc(document);
  const report = (at: Segments, rule: string, message: string) =>
    problems.push({ at: [...at] as (string | number)[], message, rule });

  const valid: Checked[] = [];
  for (const declared of declaredOperations(document)) {
    const at = [...declared.at, "x-resource"];
    const declaration = declared.declaration as unknown;
    const who = declared.operation;
    if (!isObject(declaration)) {
      report(at, "resource-declaration", `${who}: x-resource must be an object`);
      continue;
    }
    const { name, action } = declaration;
    if (typeof name !== "string" || name === "") {
      report(at, "resource-declaration", `${who}: x-resource needs a name`);
      continue;
    }
    if (!RESOURCE_ACTIONS.includes(action as ResourceAction)) {
      report(
        [...at, "action"],
        "resource-declaration",
        `${who}: action ${JSON.stringify(action)} is not one of ${RESOURCE_ACTIONS.join(", ")}`,
      );
      continue;
    }
    const kind = action as ResourceAction;
    let shapeOk = true;
    const bad = (member: string, message: string) => {
      report([...at, member], "resource-declaration", `${who}: ${message}`);
      shapeOk = false;
    };
    for (const member of Object.keys(declaration)) {
      if (!KNOWN_MEMBERS.has(member)) bad(member, `x-resource has no member ${member}`);
      else if (member !== "name" && member !== "action" && !ALLOWED[kind].includes(member))
        bad(member, `a ${kind} declares no ${member}`);
    }
    if (NEEDS_ID.has(kind) && typeof declaration.id !== "string")
      bad("id", `a ${kind} names the record's id parameter in id`);
    if (declaration.version !== undefined && typeof declaration.version !== "string")
      bad("version", "version names the record field the server counts changes in");
    if (declaration.patch !== undefined && !PATCH_FORMATS.includes(declaration.patch as never))
      bad("patch", `patch is one of ${PATCH_FORMATS.join(", ")}`);
    if (declaration.fields !== undefined && !isStringMap(declaration.fields))
      bad("fields", "fields maps record paths to input paths (strings)");
    if (
      declaration.differs !== undefined &&
      !(Array.isArray(declaration.differs) && declaration.differs.every((d) => typeof d === "string"))
    )
      bad("differs", "differs lists property names");
    for (const member of ["scope", "filters"] as const) {
      const entries = declaration[member];
      if (entries === undefined) continue;
      if (!isObject(entries)) {
        bad(member, `${member} maps parameters to record fields`);
        continue;
      }
      for (const [parameter, match] of Object.entries(entries)) {
        const field = typeof match === "string" ? match : isObject(match) ? match.field : undefined;
        if (typeof field !== "string") bad(member, `${member}.${parameter} names no record field`);
        if (isObject(match) && match.op !== undefined && !FILTER_OPS.includes(match.op as never))
          bad(member, `${member}.${parameter}: op is one of ${FILTER_OPS.join(", ")}`);
      }
    }
    if (kind === "link" || kind === "unlink") {
      if (typeof declaration.field !== "string") bad("field", `a ${kind} names the record's array of links in field`);
      if (!isStringMap(declaration.entry) || Object.keys(declaration.entry).length === 0)
        bad("entry", `a ${kind} says what a link entry holds in entry`);
      const pairs = declaration.pairs;
      if (
        !Array.isArray(pairs) ||
        pairs.length === 0 ||
        !pairs.every((p) => isObject(p) && typeof p.records === "string" && typeof p.links === "string")
      )
        bad("pairs", `a ${kind} lists its pairs of { records, links } input paths`);
    }
    if (declaration.missing !== undefined) {
      const missing = declaration.missing;
      if (!rpc) bad("missing", "an OpenAPI operation answers a missing record with its declared 404, not missing");
      else if (!isObject(missing) || "result" in missing === "error" in missing)
        bad("missing", "missing is { result } or { error }");
    }
    if (!shapeOk) continue;
    // A create or update may answer something else than the record (an id, a notification).
    const record = answerRecordSchema(document, declared);
    const answersRecord = kind === "read" || kind === "list" || record?.properties.has("id");
    valid.push({ declared, record: answersRecord ? record : undefined });
  }

  // Parameters, params and body members named.
  for (const { declared, record } of valid) {
    const declaration = declared.declaration;
    const at = [...declared.at, "x-resource"];
    const who = declared.operation;
    const parameter = (path: string, member: string, what: string) => {
      const name = rpc ? dotPath(path)[0]! : path;
      if (!declared.parameters.has(name))
        report(
          [...at, member],
          "resource-parameters",
          `${who}: ${what} ${path} names no parameter of ${who} (${[...declared.parameters.keys()].join(", ") || "none"})`,
        );
    };
    const input = (path: string, member: string) => {
      if (rpc) return parameter(path, member, `${member}`);
      const body = declared.body && recordSchema(document, declared.body.at);
      if (!body) {
        if (!declared.body)
          report(
            [...at, member],
            "resource-parameters",
            `${who}: ${member} reads ${path} from a body ${who} does not take`,
          );
        return;
      }
      if (!reaches(document, body, path))
        report(
          [...at, member],
          "resource-parameters",
          `${who}: ${member} reads ${path}, which the request body does not declare`,
        );
    };
    if (declaration.id !== undefined) parameter(declaration.id, "id", "id");
    for (const key of Object.keys(declaration.scope ?? {})) parameter(key, "scope", "scope");
    for (const key of Object.keys(declaration.filters ?? {})) parameter(key, "filters", "filter");
    if (declaration.limit !== undefined) parameter(declaration.limit, "limit", "limit");
    if (declaration.input !== undefined) {
      if (!rpc)
        report([...at, "input"], "resource-parameters", `${who}: an OpenAPI operation's input is its body; drop input`);
      else parameter(declaration.input, "input", "input");
    }
    if (declaration.fullRecord !== undefined) {
      const found = declared.parameters.get(declaration.fullRecord);
      if (found?.in !== "query" || !schemaType(document, found.schema).includes("boolean"))
        report(
          [...at, "fullRecord"],
          "resource-parameters",
          `${who}: fullRecord ${declaration.fullRecord} is not a boolean query parameter`,
        );
    }
    for (const source of Object.values(declaration.fields ?? {})) {
      if (declaration.action === "update" && declaration.patch === "json-patch") continue; // patch paths, not body members
      input(source, "fields");
    }
    for (const pair of declaration.pairs ?? []) {
      input(pair.records, "pairs");
      input(pair.links, "pairs");
    }
    if (declaration.action === "list" && declared.answer && !record) {
      const where = declaration.items === undefined ? "the answer" : `member ${declaration.items} of the answer`;
      report(
        [...at, declaration.items === undefined ? "action" : "items"],
        "resource-parameters",
        `${who}: ${where} is not a list of records`,
      );
    }
  }

  // Which resources do what.
  const byResource = new Map<string, Checked[]>();
  for (const checked of valid) {
    const list = byResource.get(checked.declared.declaration.name) ?? [];
    list.push(checked);
    byResource.set(checked.declared.declaration.name, list);
  }
  const has = (list: Checked[], action: ResourceAction) => list.some((c) => c.declared.declaration.action === action);
  for (const [name, list] of byResource) {
    const first = (action: ResourceAction) => list.find((c) => c.declared.declaration.action === action) ?? list[0]!;
    const where = (checked: Checked) => [...checked.declared.at, "x-resource", "action"];
    if (has(list, "create") && !has(list, "delete"))
      report(
        where(first("create")),
        "resource-complete",
        `resource ${name} is created (${first("create").declared.operation}) but nothing deletes it`,
      );
    if ((has(list, "create") || has(list, "update")) && !has(list, "read") && !has(list, "list")) {
      const writer = has(list, "create") ? first("create") : first("update");
      report(
        where(writer),
        "resource-complete",
        `resource ${name} is written (${writer.declared.operation}) but nothing reads or lists it`,
      );
    }
    if (has(list, "link") !== has(list, "unlink")) {
      const one = has(list, "link") ? first("link") : first("unlink");
      report(
        where(one),
        "resource-complete",
        `resource ${name} has ${one.declared.declaration.action} without ${one.declared.declaration.action === "link" ? "unlink" : "link"}`,
      );
    }
  }
  for (const { declared } of valid) {
    for (const [parameter, match] of Object.entries(declared.declaration.scope ?? {})) {
      const of = typeof match === "string" ? undefined : match.of;
      if (of !== undefined && !byResource.has(of))
        report(
          [...declared.at, "x-resource", "scope", parameter],
          "resource-complete",
          `${declared.operation}: scope ${parameter} is of resource ${of}, which no operation declares`,
        );
    }
  }

  // Every answer shapes the resource's properties alike.
  for (const [name, list] of byResource) {
    const canonical = (["read", "list", "create", "update"] as const)
      .map((action) => list.find((c) => c.declared.declaration.action === action && c.record))
      .find((c) => c !== undefined);
    if (!canonical?.record) continue;
    const known = new Set<string>();
    for (const { record } of list) for (const property of record?.properties.keys() ?? []) known.add(property);
    if (!known.has("id"))
      report(
        [...canonical.declared.at, "x-resource"],
        "resource-views-agree",
        `resource ${name}: its records have no id property`,
      );
    for (const checked of list) {
      const { declared, record } = checked;
      const at = [...declared.at, "x-resource"];
      const differs = new Set(declared.declaration.differs ?? []);
      if (record && checked !== canonical) {
        for (const [property, schema] of record.properties) {
          const theirs = canonical.record.properties.get(property);
          if (theirs === undefined || sameShape(document, schema, theirs)) continue;
          if (!differs.has(property))
            report(
              at,
              "resource-views-agree",
              `${declared.operation}: property ${property} of resource ${name} is shaped unlike in ${canonical.declared.operation}; say so in differs`,
            );
        }
      }
      for (const property of differs) {
        const mine = record?.properties.get(property);
        const theirs = canonical.record.properties.get(property);
        if (mine === undefined || theirs === undefined || sameShape(document, mine, theirs))
          report(
            [...at, "differs"],
            "resource-views-agree",
            `${declared.operation}: differs lists ${property}, which does not differ from ${canonical.declared.operation}`,
          );
      }
      const fields = [
        ...Object.values(declared.declaration.scope ?? {}).flatMap((m) =>
          typeof m === "string" ? [m] : [m.field, ...(m.via ? [m.via] : [])],
        ),
        ...Object.values(declared.declaration.filters ?? {}).map((m) => (typeof m === "string" ? m : m.field)),
        ...Object.keys(declared.declaration.fields ?? {}),
        ...(declared.declaration.field ? [declared.declaration.field] : []),
        ...(declared.declaration.version ? [declared.declaration.version] : []),
      ];
      for (const field of fields) {
        const head = dotPath(field)[0]!;
        if (!known.has(head))
          report(
            at,
            "resource-views-agree",
            `${declared.operation}: record field ${field} is not a property of resource ${name}`,
          );
      }
    }
  }

  // What a missing record answers.
  const validators = rpc ? new SchemaValidators(document) : undefined;
  for (const { declared } of valid) {
    const { action, missing } = declared.declaration;
    if (!NEEDS_ID.has(action)) continue;
    const at = [...declared.at, "x-resource"];
    if (!rpc) {
      const responses = (declared.openapi?.operation.responses ?? {}) as Record<string, unknown>;
      if (!responses["404"])
        report(
          at,
          "resource-missing",
          `${declared.operation}: a ${action} of a missing record answers 404, which ${declared.operation} does not declare`,
        );
      continue;
    }
    if (missing === undefined) {
      report(
        at,
        "resource-missing",
        `${declared.operation}: say what a ${action} of a missing record answers in missing`,
      );
    } else if ("error" in missing) {
      const errors = (document as OpenRpcDocument).components?.errors ?? {};
      const declaredCodes = (declared.method?.errors ?? []).map((e) =>
        isReference(e) ? refSegments(e.$ref)?.at(-1) : undefined,
      );
      if (!(missing.error in errors))
        report(
          [...at, "missing"],
          "resource-missing",
          `${declared.operation}: missing.error ${missing.error} is not in components.errors`,
        );
      else if (!declaredCodes.includes(missing.error))
        report(
          [...at, "missing"],
          "resource-missing",
          `${declared.operation}: missing.error ${missing.error} is not an error the method declares`,
        );
    } else if (declared.answer) {
      const found = validators!.problems(declared.answer.at, missing.result);
      if (found.length)
        report(
          [...at, "missing", "result"],
          "resource-missing",
          `${declared.operation}: missing.result is not a result the method may answer: ${found.join("; ")}`,
        );
    }
  }
  return problems;
}
