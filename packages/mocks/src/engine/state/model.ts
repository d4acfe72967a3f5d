// The stateful mode's data: the resources a contract declares with `x-resource`, each a set
// of records seeded from the contract's own examples, and what each declared operation does
// to them. Nothing here knows an API or a path: what a record is, where a request names it,
// which fields a write sets and how a list filters all come from the declarations. The
// engines (OpenAPI, JSON-RPC) turn requests into `ActionRequest`s and render the `Outcome`s
// in their API's format.
import { isDeepStrictEqual } from "node:util";
import {
  answerRecordSchema,
  type ContractDocument,
  type DeclaredOperation,
  declaredOperations,
  decodePointer,
  deref,
  type ExamplePairingObject,
  type FieldMatch,
  isOpenRpc,
  type OpenAPIV3_1,
  type ResourceDeclaration,
  recordSchema,
  SchemaValidators,
  type ScopeMatch,
  type ValidateFunction,
} from "@leanapis/contract-helpers";
import { applyPatch, PatchError } from "./json-patch.js";
import { arrayMember, getAll, getPath, listOf, same, setPath } from "./paths.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** One stored record. Replaced, never changed, on every write: what was cached for it stays true. */
export interface Entry {
  readonly record: Json;
}

/** What an operation answers with: the record cut to the properties its schema declares, cached per record. */
export class View {
  private readonly cache = new WeakMap<Entry, { value: Json; text: string }>();

  constructor(private readonly properties: ReadonlySet<string> | undefined) {}

  private cached(entry: Entry) {
    let found = this.cache.get(entry);
    if (!found) {
      const value = this.properties
        ? Object.fromEntries(Object.entries(entry.record).filter(([key]) => this.properties!.has(key)))
        : entry.record;
      found = { value, text: JSON.stringify(value) };
      this.cache.set(entry, found);
    }
    return found;
  }

  value(entry: Entry): Json {
    return this.cached(entry).value;
  }

  /** The view serialized once per record version, so that reads cost what the stateless answers do. */
  text(entry: Entry): string {
    return this.cached(entry).text;
  }
}

/** A request as a declaration reads it, whatever the API's protocol. */
export interface ActionRequest {
  /** A parameter (OpenAPI) or a param path (OpenRPC) by the declaration's name for it. */
  param(path: string): unknown;
  /** A value of the input: a body path (OpenAPI) or a params path (OpenRPC). */
  input(path: string): unknown;
  /** The object whose members are record fields: the body, or the declaration's `input` param. */
  fields(): unknown;
}

export type Outcome =
  | { kind: "record"; entry: Entry }
  | { kind: "list"; entries: Entry[] }
  | { kind: "done" }
  | { kind: "missing"; message: string }
  | { kind: "invalid"; message: string }
  | { kind: "conflict"; message: string };

/** An example of an operation's answer, with the params it was given (OpenRPC) where known. */
interface AnswerExample {
  value: unknown;
  params?: Json;
}

function answerExamples(document: ContractDocument, declared: DeclaredOperation): AnswerExample[] {
  if (declared.method) {
    return (declared.method.examples ?? []).flatMap((reference) => {
      const pairing = deref<ExamplePairingObject>(document, reference);
      if (!pairing) return [];
      const params = Object.fromEntries(
        pairing.params.map((p) => {
          const param = deref<{ name: string; value: unknown }>(document, p)!;
          return [param.name, param.value];
        }),
      );
      const result = deref<{ value?: unknown }>(document, pairing.result);
      return result && "value" in result ? [{ value: result.value, params }] : [];
    });
  }
  const responses = declared.openapi?.operation.responses ?? {};
  const success = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
  const response = success && deref<OpenAPIV3_1.ResponseObject>(document, responses[success]);
  const media = response
    ? Object.entries(response.content ?? {}).find(([type]) => /[/+]json$/.test(type))?.[1]
    : undefined;
  if (!media) return [];
  const values: AnswerExample[] = media.example !== undefined ? [{ value: media.example }] : [];
  for (const example of Object.values(media.examples ?? {})) {
    const value = deref<OpenAPIV3_1.ExampleObject>(document, example)?.value;
    if (value !== undefined) values.push({ value });
  }
  return values;
}

const scopeOf = (match: string | ScopeMatch): ScopeMatch => (typeof match === "string" ? { field: match } : match);
const filterOf = (match: string | FieldMatch): FieldMatch => (typeof match === "string" ? { field: match } : match);

/** The properties a record schema requires, an allOf's included. */
function requiredOf(document: ContractDocument, schema: Json): string[] {
  const own = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const inherited = ((schema.allOf as unknown[] | undefined) ?? []).flatMap((branch) => {
    const resolved = deref<Json>(document, branch as Json);
    return resolved ? requiredOf(document, resolved) : [];
  });
  return [...own, ...inherited];
}

/** The records a list example holds: its `items` member, or the example itself when it is a list. */
function itemsOf(value: unknown, items: string | undefined): Json[] {
  const list = items === undefined ? value : isObject(value) ? value[items] : undefined;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/**
 * Makes `record` valid against the resource's schema where a client's values only need a
 * cast (Leantime's priority 2 for "2"), and puts back the previous value of any property
 * that still breaks it (a create body's `customId` text where the record holds an object).
 * Returns what is still wrong, if anything.
 */
function conform(record: Json, previous: Json, validate: ValidateFunction | undefined): string | undefined {
  if (!validate) return undefined;
  // Not the type guard itself: narrowing `record` on it would leave nothing to assign to.
  const valid = (value: unknown): boolean => validate(value) as boolean;
  for (let round = 0; round < 3 && !valid(record); round++) {
    let changed = false;
    for (const error of validate.errors ?? []) {
      const [key, ...deeper] = decodePointer(error.instancePath);
      if (key === undefined || !(key in record)) continue;
      const value = record[key];
      const types = [(error.params as { type?: string | string[] }).type ?? []].flat().join(",").split(",");
      if (error.keyword === "type" && deeper.length === 0) {
        if (types.includes("string") && (typeof value === "number" || typeof value === "boolean")) {
          record[key] = String(value);
          changed = true;
          continue;
        }
        if (
          (types.includes("integer") || types.includes("number")) &&
          typeof value === "string" &&
          NUMBER.test(value)
        ) {
          record[key] = Number(value);
          changed = true;
          continue;
        }
      }
      if (key in previous && !isDeepStrictEqual(previous[key], value)) {
        record[key] = structuredClone(previous[key]);
        changed = true;
      } else if (!(key in previous)) {
        delete record[key];
        changed = true;
      }
    }
    if (!changed) break;
  }
  if (valid(record)) return undefined;
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`).join("; ");
}

/** The records of one resource, their seed, and its ids. */
class Resource {
  readonly entries = new Map<string, Entry>();
  readonly seed = new Map<string, Json>();
  /** Every property any of the resource's answers declares: the fields a write may set. */
  readonly known = new Set<string>();
  /**
   * What a new record starts from: the example record cut to the properties the schema
   * requires, so that a new card does not inherit the example's comments, parents or block.
   */
  fresh: Json = {};
  /** The properties the record schema requires. */
  required = new Set<string>(["id"]);
  validate: ValidateFunction | undefined;
  /** The link declarations, which say how a link entry is made (used when seeding). */
  readonly links: ResourceDeclaration[] = [];
  private nextId = 1n;
  private seedNextId = 1n;
  private idIsText = true;

  constructor(readonly name: string) {}

  /** Takes the seed as it stands: the state `reset()` goes back to. */
  seal(): void {
    for (const [id, record] of this.seed) {
      if (/^\d+$/.test(id) && BigInt(id) >= this.seedNextId) this.seedNextId = BigInt(id) + 1n;
      if (typeof record.id === "number") this.idIsText = false;
    }
    if (typeof this.fresh.id === "number") this.idIsText = false;
    this.reset();
  }

  reset(): void {
    this.entries.clear();
    for (const [id, record] of this.seed) this.entries.set(id, { record: structuredClone(record) });
    this.nextId = this.seedNextId;
  }

  get(id: unknown): Entry | undefined {
    return id === undefined || id === null ? undefined : this.entries.get(String(id));
  }

  put(record: Json): Entry {
    const entry = { record };
    this.entries.set(String(record.id), entry);
    return entry;
  }

  /** The next id, as text or a number like the seed's ids (never one in use, never reused after a reset). */
  newId(): string | number {
    while (this.entries.has(String(this.nextId))) this.nextId++;
    const id = this.nextId++;
    return this.idIsText ? String(id) : Number(id);
  }
}

/** One declared operation: what it does to its resource, and the view it answers with. */
export class ResourceAction {
  constructor(
    readonly declaration: ResourceDeclaration,
    readonly operation: string,
    private readonly resource: Resource,
    private readonly model: ResourceModel,
    /** The answer's view of a record (list: of each record). */
    readonly view: View,
    /** The first example of the success answer: the shape a create or a list answers in. */
    readonly example: unknown,
    /** The record a create starts from: its own example when that is a record, else the resource's fresh one. */
    private readonly start: Json | undefined,
  ) {}

  run(request: ActionRequest): Outcome {
    const scope = this.checkScope(request);
    if (scope) return scope;
    switch (this.declaration.action) {
      case "create":
        return this.create(request);
      case "read":
        return this.withRecord(request, (entry) => ({ kind: "record", entry }));
      case "list":
        return this.list(request);
      case "update":
        return this.withRecord(request, (entry) => this.update(entry, request));
      case "delete":
        return this.withRecord(request, (entry) => {
          this.resource.entries.delete(String(entry.record.id));
          return { kind: "done" };
        });
      case "link":
      case "unlink":
        return this.link(request);
    }
  }

  /** A parent the request names (a card's comments) must exist. */
  private checkScope(request: ActionRequest): Outcome | undefined {
    for (const [parameter, match] of Object.entries(this.declaration.scope ?? {})) {
      const { of } = scopeOf(match);
      const value = request.param(parameter);
      if (of === undefined || value === undefined) continue;
      if (!this.model.resource(of)?.get(value)) return { kind: "missing", message: `No ${of} ${value}` };
    }
    return undefined;
  }

  private withRecord(request: ActionRequest, then: (entry: Entry) => Outcome): Outcome {
    const id = request.param(this.declaration.id!);
    const entry = this.resource.get(id);
    const inScope =
      entry &&
      Object.entries(this.declaration.scope ?? {}).every(([parameter, match]) => {
        const { field, via } = scopeOf(match);
        const value = request.param(parameter);
        return via !== undefined || value === undefined || getAll(entry.record, field).some((v) => same(v, value));
      });
    if (!entry || !inScope) return { kind: "missing", message: `No ${this.resource.name} ${id}` };
    return then(entry);
  }

  /** Copies the request's record fields, mapped fields and parent ids into `record`. */
  private write(record: Json, request: ActionRequest, withScope: boolean): void {
    const fields = request.fields();
    if (isObject(fields)) {
      for (const [key, value] of Object.entries(fields))
        if (key !== "id" && this.resource.known.has(key)) record[key] = structuredClone(value);
    }
    for (const [target, source] of Object.entries(this.declaration.fields ?? {})) {
      const value = request.input(source);
      if (value !== undefined) setPath(record, target, structuredClone(value));
    }
    if (!withScope) return;
    for (const [parameter, match] of Object.entries(this.declaration.scope ?? {})) {
      const { field, via } = scopeOf(match);
      const value = request.param(parameter);
      if (via === undefined && value !== undefined && !arrayMember(record, field)) setPath(record, field, value);
    }
  }

  private create(request: ActionRequest): Outcome {
    const start = this.start ?? this.resource.fresh;
    const record = structuredClone(start);
    this.write(record, request, true);
    record.id = this.resource.newId();
    const problem = conform(record, { ...start, id: record.id }, this.resource.validate);
    if (problem) return { kind: "invalid", message: `The ${this.resource.name} would not be valid: ${problem}` };
    return { kind: "record", entry: this.resource.put(record) };
  }

  private update(entry: Entry, request: ActionRequest): Outcome {
    const record = structuredClone(entry.record);
    if (this.declaration.patch === "json-patch") {
      // The patch's own names for fields kept elsewhere in the record (`/laneId` for lane.id).
      const aliases = Object.entries(this.declaration.fields ?? {}).map(([target, name]) => {
        const value = getPath(record, target);
        if (value !== undefined) record[name] = structuredClone(value);
        return { target, name, before: value };
      });
      try {
        applyPatch(record, request.fields());
      } catch (error) {
        if (!(error instanceof PatchError)) throw error;
        return error.conflict
          ? { kind: "conflict", message: error.message }
          : { kind: "invalid", message: error.message };
      }
      for (const { target, name, before } of aliases) {
        const value = record[name];
        delete record[name];
        if (value !== undefined && !isDeepStrictEqual(value, before)) setPath(record, target, value);
      }
      for (const key of Object.keys(record)) if (!this.resource.known.has(key)) delete record[key];
      record.id = entry.record.id;
      if (this.resource.validate && !this.resource.validate(record)) {
        const problems = (this.resource.validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
        return {
          kind: "invalid",
          message: `The patch leaves the ${this.resource.name} invalid: ${problems.join("; ")}`,
        };
      }
    } else {
      this.write(record, request, false);
      record.id = entry.record.id;
      const problem = conform(record, entry.record, this.resource.validate);
      if (problem) return { kind: "invalid", message: `The ${this.resource.name} would not be valid: ${problem}` };
    }
    const counter = this.declaration.version;
    const count = counter === undefined ? undefined : getPath(entry.record, counter);
    if (counter !== undefined && (typeof count === "number" || (typeof count === "string" && /^\d+$/.test(count))))
      setPath(record, counter, typeof count === "number" ? count + 1 : String(BigInt(count) + 1n));
    return { kind: "record", entry: this.resource.put(record) };
  }

  private list(request: ActionRequest): Outcome {
    let records = [...this.resource.entries.values()];
    for (const [parameter, match] of Object.entries(this.declaration.scope ?? {})) {
      const { field, of, via } = scopeOf(match);
      const value = request.param(parameter);
      if (value === undefined) continue;
      if (via !== undefined) {
        const parent = (of === undefined ? this.resource : this.model.resource(of))?.get(value);
        const ids = parent ? getAll(parent.record, via) : [];
        records = records.filter((entry) => getAll(entry.record, field).some((v) => ids.some((id) => same(v, id))));
      } else {
        records = records.filter((entry) => getAll(entry.record, field).some((v) => same(v, value)));
      }
    }
    for (const [parameter, match] of Object.entries(this.declaration.filters ?? {})) {
      const { field, op = "eq", any } = filterOf(match);
      const value = request.param(parameter);
      if (value === undefined || (any !== undefined && same(value, any))) continue;
      const wanted = op === "in" ? listOf(value) : [value];
      const text = String(value);
      records = records.filter((entry) =>
        getAll(entry.record, field).some((v) => {
          if (op === "contains") return String(v).toLowerCase().includes(text.toLowerCase());
          if (op === "gte") return String(v) >= text;
          if (op === "lte") return String(v) <= text;
          return wanted.some((w) => same(v, w));
        }),
      );
    }
    const limit = this.declaration.limit === undefined ? undefined : request.param(this.declaration.limit);
    if (typeof limit === "number" || (typeof limit === "string" && NUMBER.test(limit)))
      records = records.slice(0, Number(limit));
    return { kind: "list", entries: records };
  }

  private link(request: ActionRequest): Outcome {
    const { field, entry: members = {}, pairs = [] } = this.declaration;
    const key = Object.keys(members)[0]!;
    const changed = new Map<string, Json>();
    for (const pair of pairs) {
      const records = listOf(request.input(pair.records));
      const links = listOf(request.input(pair.links));
      for (const id of records) {
        const entry = this.resource.get(id);
        if (!entry) return { kind: "missing", message: `No ${this.resource.name} ${id}` };
        const record = changed.get(String(id)) ?? structuredClone(entry.record);
        changed.set(String(id), record);
        for (const link of links) {
          const linked = this.resource.get(link);
          if (!linked) return { kind: "missing", message: `No ${this.resource.name} ${link}` };
          const list = Array.isArray(record[field!]) ? (record[field!] as Json[]) : [];
          const others = list.filter((item) => !same(item[key], link));
          record[field!] = this.declaration.action === "link" ? [...others, linkEntry(members, linked.record)] : others;
        }
      }
    }
    for (const record of changed.values()) this.resource.put(record);
    return { kind: "done" };
  }
}

/** A link entry as the declaration says: each member from a path of the linked record. */
function linkEntry(members: Record<string, string>, linked: Json): Json {
  return Object.fromEntries(Object.entries(members).map(([member, path]) => [member, getPath(linked, path)]));
}

/** Every declared resource of a contract, its records, and each declared operation's action. */
export class ResourceModel {
  private readonly resources = new Map<string, Resource>();
  private readonly actions = new Map<string, ResourceAction>();

  constructor(document: ContractDocument) {
    const validators = new SchemaValidators(document);
    const declared = declaredOperations(document);
    const rpc = isOpenRpc(document);
    const resourceOf = (name: string) => {
      let resource = this.resources.get(name);
      if (!resource) {
        resource = new Resource(name);
        this.resources.set(name, resource);
      }
      return resource;
    };
    // What each operation answers records as; a create or update that answers something else
    // (an id, a notification, true) has no view of them.
    const records = new Map(
      declared.map((d) => {
        const record = answerRecordSchema(document, d);
        const listsOrReads = d.declaration.action === "read" || d.declaration.action === "list";
        return [d, listsOrReads || record?.properties.has("id") ? record : undefined];
      }),
    );
    for (const d of declared) {
      const resource = resourceOf(d.declaration.name);
      for (const property of records.get(d)?.properties.keys() ?? []) resource.known.add(property);
      if (d.declaration.action === "link") resource.links.push(d.declaration);
    }
    // The resource's own record: its read's schema and first example, else its list's.
    for (const action of ["read", "list"] as const) {
      for (const d of declared.filter((x) => x.declaration.action === action)) {
        const resource = resourceOf(d.declaration.name);
        const record = records.get(d);
        if (resource.validate || !record) continue;
        const first = answerExamples(document, d)
          .flatMap(({ value }) => (action === "read" ? [value] : itemsOf(value, d.declaration.items)))
          .find((value): value is Json => isObject(value) && value.id !== undefined);
        if (!first) continue;
        resource.validate = validators.at(record.at);
        resource.required = new Set(["id", ...requiredOf(document, record.schema)]);
        resource.fresh = Object.fromEntries(Object.entries(first).filter(([key]) => resource.required.has(key)));
      }
    }

    // Seeds: every record a read example shows, then what the list examples add.
    for (const d of declared.filter((x) => x.declaration.action === "read")) {
      const resource = resourceOf(d.declaration.name);
      for (const { value } of answerExamples(document, d)) {
        if (!isObject(value) || value.id === undefined) continue;
        if (!resource.seed.has(String(value.id))) resource.seed.set(String(value.id), structuredClone(value));
      }
    }
    for (const d of declared.filter((x) => x.declaration.action === "list")) {
      const resource = resourceOf(d.declaration.name);
      const differs = new Set(d.declaration.differs ?? []);
      for (const { value, params } of answerExamples(document, d)) {
        for (const item of itemsOf(value, d.declaration.items)) {
          if (item.id === undefined) continue;
          const seeded = resource.seed.get(String(item.id));
          const record = seeded ?? structuredClone(resource.fresh);
          for (const [key, field] of Object.entries(item))
            if (!differs.has(key) && (!seeded || !(key in seeded))) record[key] = structuredClone(field);
          record.id = item.id;
          resource.seed.set(String(item.id), record);
          this.seedScope(d, resource, record, (parameter) =>
            rpc ? getPath(params, parameter) : d.parameters.get(parameter)?.example,
          );
        }
      }
    }
    for (const resource of this.resources.values()) resource.seal();

    for (const d of declared) {
      const resource = resourceOf(d.declaration.name);
      const record = records.get(d);
      const differs = new Set(d.declaration.differs ?? []);
      const properties = record && new Set([...record.properties.keys()].filter((p) => !differs.has(p)));
      const examples = answerExamples(document, d);
      // A create whose example is a new record (LeanKit's comment, token, task) starts from it,
      // less what the request sets (the example's own title, tags, dates) unless the schema needs it;
      // one that answers an id (createCard's default, Leantime's) from the resource's fresh record.
      const first = examples[0]?.value;
      const writable = d.body ? [...(recordSchema(document, d.body.at)?.properties.keys() ?? [])] : [];
      const start =
        d.declaration.action === "create" && isObject(first) && first.id !== undefined && Object.keys(first).length > 1
          ? Object.fromEntries(
              Object.entries(first).filter(([key]) => !writable.includes(key) || resource.required.has(key)),
            )
          : undefined;
      const view = new View(properties);
      this.actions.set(
        d.operation,
        new ResourceAction(d.declaration, d.operation, resource, this, view, examples[0]?.value, start),
      );
    }
  }

  /** A list example's records stand in its parent (the card whose comments it lists): say so in them. */
  private seedScope(d: DeclaredOperation, resource: Resource, record: Json, exampleOf: (parameter: string) => unknown) {
    for (const [parameter, match] of Object.entries(d.declaration.scope ?? {})) {
      const { field, of, via } = scopeOf(match);
      const value = exampleOf(parameter);
      if (value === undefined) continue;
      const parents = of === undefined ? resource : this.resources.get(of);
      if (via !== undefined) {
        // The parent lists this record (a card's parents): add it to the parent's list.
        const parent = parents?.seed.get(String(value));
        if (parent && !getAll(parent, via).some((v) => same(v, record[field])))
          this.addLink(parent, via, record, resource);
        continue;
      }
      const inArray = arrayMember(record, field);
      if (!inArray) {
        if (getPath(record, field) === undefined) setPath(record, field, value);
      } else if (!getAll(record, field).some((v) => same(v, value))) {
        const parent = parents?.seed.get(String(value));
        if (parent) this.addLink(record, field, parent, parents!);
      }
    }
  }

  /** Adds a link to `linked` to the list at `path` of `record`, made as the resource's link declaration says. */
  private addLink(record: Json, path: string, linked: Json, resource: Resource) {
    const [head, member] = arrayMember(record, path) ?? [];
    if (!head || !member) return;
    const declaration = resource.links.find((l) => l.field === head);
    const entry = declaration?.entry ? linkEntry(declaration.entry, linked) : { [member]: linked.id };
    record[head] = [...((record[head] as Json[] | undefined) ?? []), entry];
  }

  resource(name: string): Resource | undefined {
    return this.resources.get(name);
  }

  /** The action of an operation (by operationId) or method (by name), if it declares one. */
  action(operation: string): ResourceAction | undefined {
    return this.actions.get(operation);
  }

  /** Back to the seed: every record as the examples show it, ids counting from there again. */
  reset(): void {
    for (const resource of this.resources.values()) resource.reset();
  }
}
