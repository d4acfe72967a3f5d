// Checks JSON-RPC exchanges against an OpenRPC document: every result must validate
// against its method's result schema, every error must be a protocol error or one the
// method declares. Wraps `fetch`, so it sees every response a client receives.
import {
  type ContentDescriptorObject,
  deref,
  type MethodObject,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openRpcMethods,
  SchemaValidators,
} from "@leanapis/contract-helpers";
import { ContractViolation, type ExerciseListener } from "./contract.js";

interface RpcResponse {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** Errors about the request itself, which any method may answer with. */
const PROTOCOL_ERRORS = ["ParseError", "InvalidRequest", "MethodNotFound", "InvalidParams"];

/** The other names a method answers to (Leantime's `x-aliases`). */
const aliasesOf = (method: MethodObject): string[] => (method["x-aliases"] as string[] | undefined) ?? [];

export class RpcContract {
  onExercise: ExerciseListener | undefined;
  readonly validators: SchemaValidators;
  /** Each method by its name and aliases, with its index in `methods` (where its schemas stand). */
  private readonly byName = new Map<string, { method: MethodObject; index: number }>();

  constructor(readonly document: OpenRpcDocument) {
    this.validators = new SchemaValidators(document);
    for (const [index, method] of openRpcMethods(document).entries()) {
      for (const name of [method.name, ...aliasesOf(method)]) this.byName.set(name, { method, index });
    }
  }

  /** Every method, references resolved, in document order. */
  methods(): MethodObject[] {
    return openRpcMethods(this.document);
  }

  method(name: string): MethodObject | undefined {
    return this.byName.get(name)?.method;
  }

  /** The error the document's components declare under `name` (ParseError, InvalidParams, …). */
  namedError(name: string): OpenRpcErrorObject {
    const error = deref<OpenRpcErrorObject>(this.document, this.document.components?.errors?.[name]);
    if (!error) throw new Error(`The document declares no error ${name}`);
    return error;
  }

  /** The params of a method, references resolved. */
  params(method: MethodObject): ContentDescriptorObject[] {
    return method.params.map((param) => deref<ContentDescriptorObject>(this.document, param)!);
  }

  /** The codes of the errors a method declares. */
  errorCodes(method: MethodObject): (number | undefined)[] {
    return (method.errors ?? []).map((error) => deref<OpenRpcErrorObject>(this.document, error)?.code);
  }

  /** Whether `value` is one the schema of a method's param accepts. */
  acceptsParam(methodName: string, paramName: string, value: unknown): boolean {
    const found = this.byName.get(methodName);
    const index = found ? this.params(found.method).findIndex((param) => param.name === paramName) : -1;
    if (!found || index < 0) return true;
    return this.validators.at(["methods", found.index, "params", index, "schema"])(value) as boolean;
  }

  /** Throws ContractViolation unless `response` is an answer the document allows to a call of `name`. */
  check(name: string, response: RpcResponse): void {
    const found = this.byName.get(name);
    if (response.error) {
      const named = this.document.components?.errors ?? {};
      const protocol = PROTOCOL_ERRORS.map((error) => deref<OpenRpcErrorObject>(this.document, named[error])?.code);
      const declared = found ? this.errorCodes(found.method) : [];
      if (![...protocol, ...declared].includes(response.error.code)) {
        const { code, message } = response.error;
        const known = `declared: ${declared.join(", ")}`;
        throw new ContractViolation(`${name}: error ${code} (${message}) is not declared (${known})`);
      }
      if (!("data" in response.error))
        throw new ContractViolation(`${name}: error ${response.error.code} has no data member`);
      if (found) this.onExercise?.(found.method.name, response.error.code);
      return;
    }
    if (!found) throw new ContractViolation(`${name} answered a result but is not a method of the document`);
    const { method, index } = found;
    const schema = ["methods", index, "result", "schema"];
    const problems = method.result ? this.validators.problems(schema, response.result) : [];
    if (problems.length) {
      const lines = problems.map((problem) => `  ${problem}`).join("\n");
      throw new ContractViolation(`${method.name}: result does not match the schema\n${lines}`);
    }
    this.onExercise?.(method.name, 200);
  }

  /** A `fetch` that checks every JSON-RPC answer it passes on against the document. */
  fetch(send: (request: Request) => Promise<Response> = globalThis.fetch): (request: Request) => Promise<Response> {
    return async (request) => {
      const url = new URL(request.url);
      const sent =
        request.method === "GET"
          ? { method: url.searchParams.get("method"), id: url.searchParams.get("id") }
          : JSON.parse(await request.clone().text());
      const response = await send(request);
      const text = await response.clone().text();
      // Refusals before JSON-RPC runs (HTTP 401/429 with a plain body) and notifications' empty answers.
      if (!response.ok || text === "") return response;
      // Leantime answers every JSON-RPC response, errors included, with HTTP 200.
      const caller = sent.method ?? "batch";
      if (response.status !== 200) {
        throw new ContractViolation(`${caller}: answered HTTP ${response.status}; JSON-RPC answers come with 200`);
      }
      const contentType = response.headers.get("content-type");
      if (!contentType?.includes("application/json")) {
        throw new ContractViolation(`${caller}: answered with content type ${contentType}, not application/json`);
      }
      const answer = JSON.parse(text) as RpcResponse | RpcResponse[] | { error: string };
      const calls = ([] as { method: string; id?: unknown }[]).concat(sent);
      const answers = ([] as (RpcResponse | null)[]).concat(answer as RpcResponse);
      for (const [i, call] of calls.entries()) {
        const byId = () => answers.find((a) => a && String(a.id) === String(call.id)) ?? answers[i];
        const match = Array.isArray(answer) ? byId() : answers[0];
        if (match === null && call.id === undefined) continue; // a notification's slot in a batch
        if (!match || typeof match !== "object" || !("result" in match || typeof match.error === "object")) {
          throw new ContractViolation(
            `${call.method}: the answer is not a JSON-RPC response: ${JSON.stringify(match)}`,
          );
        }
        this.check(call.method, match);
      }
      return response;
    };
  }
}
