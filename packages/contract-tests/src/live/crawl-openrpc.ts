// Crawls the read-only methods of an OpenRPC contract on a live API: the reads and lists its
// `x-resource` declarations name, and the methods named for reading (`getTicket`, `getAll`,
// `hasTasks`, `isEnabled`, `findUser`, …) of those that declare nothing. A required param
// that names a record (`id`, `projectId`, `userId`, an `entityId` with its `module`) is
// given ids the API answered earlier (projects → tickets → comments); any other required
// param the value of the method's example. Methods are retried in rounds until no more can
// be called; one whose ids never turn up is reported as not reached.
import {
  deref,
  type ExamplePairingObject,
  type MethodObject,
  type ResourceDeclaration,
} from "@leanapis/contract-helpers";
import type { RpcContract } from "../rpc-contract.js";
import { CALLS_PER_OPERATION, type CrawlReport, emptyReport, noteCall } from "./crawl.js";
import { type Id, IdPool, idKind, kindOf } from "./ids.js";

/** Sends one call through a checked client: its result, or the client's error. */
export type Call = (method: string, params: Record<string, unknown>) => Promise<unknown>;

const READ_VERBS = /^(get|list|find|search|count|has|is)(?=[A-Z]|$)/;
/** A param naming the module of the record that `entityId` names (Leantime's comments, files, …). */
const MODULE_PARAM = "module";
const ENTITY_PARAMS = new Set(["entityId", "moduleId"]);

const declarationOf = (method: MethodObject) => (method as { "x-resource"?: ResourceDeclaration })["x-resource"];

/** Whether the method only reads: a declared read or list, else a reading name. */
function readsOnly(method: MethodObject): boolean {
  const declared = declarationOf(method);
  if (declared) return declared.action === "read" || declared.action === "list";
  return READ_VERBS.test(method.name.split(".").at(-1) ?? "");
}

/** The kind of record a method answers with: its declaration's, else its name's (`getTicket` → ticket, `Projects.getAll` → project). */
function kindAnswered(method: MethodObject): string {
  const declared = declarationOf(method)?.name;
  if (declared) return kindOf(declared);
  const segments = method.name.split(".");
  const noun = (segments.at(-1) ?? "").replace(READ_VERBS, "").replace(/^All/, "");
  return kindOf(noun || (segments.at(-2) ?? ""));
}

export async function crawlOpenRpc(
  api: string,
  contract: RpcContract,
  send: Call,
  statusOfError: (error: unknown) => number | undefined,
): Promise<CrawlReport> {
  const report = emptyReport(api);
  const pool = new IdPool();
  const { document } = contract;
  // Declared resources first: a module param is most likely one of them (ticket, project, …).
  const declaredKinds = contract.methods().flatMap((method) => {
    const name = declarationOf(method)?.name;
    return name ? [kindOf(name)] : [];
  });

  const exampleParams = (method: MethodObject): Record<string, unknown> => {
    const example = deref<ExamplePairingObject>(document, method.examples?.[0]);
    const params = (example?.params ?? []).map((param) => deref<{ name: string; value: unknown }>(document, param)!);
    return Object.fromEntries(params.map((param) => [param.name, param.value]));
  };

  /** The values each required param may take (several where ids were seen), or the first param that has none. */
  const candidates = (method: MethodObject): Record<string, unknown>[][] | { missing: string } => {
    const required = contract.params(method).filter((param) => param.required);
    const names = new Set(required.map((param) => param.name));
    const examples = exampleParams(method);
    const choices: Record<string, unknown>[][] = [];
    for (const param of required) {
      const schema = param.schema as { enum?: unknown[]; const?: unknown } | undefined;
      let values: Record<string, unknown>[];
      if (ENTITY_PARAMS.has(param.name) && names.has(MODULE_PARAM)) continue;
      if (param.name === MODULE_PARAM && [...ENTITY_PARAMS].some((name) => names.has(name))) {
        const entity = [...ENTITY_PARAMS].find((name) => names.has(name))!;
        const kinds = [...new Set([...declaredKinds, ...pool.kinds()])].filter((kind) => pool.ids(kind).length > 0);
        values = kinds.map((kind) => ({ [MODULE_PARAM]: kind, [entity]: pool.ids(kind)[0] }));
      } else if (schema?.enum?.length) values = [{ [param.name]: schema.enum[0] }];
      else if (schema && "const" in schema) values = [{ [param.name]: schema.const }];
      else if (param.name === "id" || idKind(param.name) !== undefined) {
        const kind = param.name === "id" ? kindAnswered(method) : idKind(param.name)!;
        values = pool.ids(kind).map((id: Id) => ({ [param.name]: id }));
      } else values = param.name in examples ? [{ [param.name]: examples[param.name] }] : [];
      const accepted = values.filter((value) =>
        Object.entries(value).every(([name, v]) => contract.acceptsParam(method.name, name, v)),
      );
      if (accepted.length === 0) return { missing: param.name };
      choices.push(accepted);
    }
    return choices;
  };

  /** Up to CALLS_PER_OPERATION combinations, varying the first params' values first. */
  const combinations = (choices: Record<string, unknown>[][]): Record<string, unknown>[] => {
    let combined: Record<string, unknown>[] = [{}];
    for (const values of choices)
      combined = combined.flatMap((partial) => values.map((value) => ({ ...partial, ...value })));
    return combined.slice(0, CALLS_PER_OPERATION);
  };

  let pending = contract.methods().filter(readsOnly);
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    for (const method of pending) {
      const choices = candidates(method);
      if (!Array.isArray(choices)) continue;
      pending = pending.filter((candidate) => candidate !== method);
      progress = true;
      for (const params of combinations(choices)) {
        const result = await noteCall(
          report,
          method.name,
          async () => ({ status: 200, body: await send(method.name, params) }),
          statusOfError,
        );
        pool.harvest(result, kindAnswered(method));
      }
    }
  }
  for (const method of pending) {
    const choices = candidates(method);
    report.notReached.push({ operation: method.name, missing: Array.isArray(choices) ? "" : choices.missing });
  }
  return report;
}
