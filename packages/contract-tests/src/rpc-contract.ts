// Checks JSON-RPC exchanges against an OpenRPC document: every result must validate
// against its method's result schema, every error must be a protocol error or one the
// method declares. Wraps `fetch`, so it sees every response a client receives.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import { ContractViolation, type ExerciseListener } from "./contract.js";

interface Method {
  name: string;
  "x-aliases"?: string[];
  result?: { schema: unknown };
  errors?: { $ref?: string; code?: number }[];
  examples?: { name: string; params: { name: string; value: unknown }[]; result?: { value: unknown } }[];
  params: { name: string; required?: boolean }[];
}
export interface OpenRpcDocument {
  methods: Method[];
  components: { schemas?: Record<string, unknown>; errors: Record<string, { code: number; message: string }> };
}
interface RpcResponse {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** Errors about the request itself, which any method may answer with. */
const PROTOCOL_ERRORS = ["ParseError", "InvalidRequest", "MethodNotFound", "InvalidParams"];

export class RpcContract {
  onExercise: ExerciseListener | undefined;
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly byName = new Map<string, Method>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenRpcDocument) {
    this.ajv.addSchema({ $id: "openrpc-document", components: document.components });
    for (const method of document.methods) for (const name of [method.name, ...(method["x-aliases"] ?? [])]) this.byName.set(name, method);
  }

  static load(specifier: string): RpcContract {
    return new RpcContract(JSON.parse(readFileSync(createRequire(import.meta.url).resolve(specifier), "utf8")) as OpenRpcDocument);
  }

  method(name: string): Method | undefined {
    return this.byName.get(name);
  }

  private errorCode(ref: { $ref?: string; code?: number }): number | undefined {
    return ref.$ref ? this.document.components.errors[ref.$ref.split("/").at(-1)!]?.code : ref.code;
  }

  /** Whether `value` is one the schema of a method's param accepts. */
  acceptsParam(methodName: string, paramName: string, value: unknown): boolean {
    const key = `${methodName}(${paramName})`;
    let validate = this.validators.get(key);
    if (!validate) {
      const param = this.byName.get(methodName)!.params.find((p) => p.name === paramName) as { schema?: unknown };
      validate = this.ajv.compile(JSON.parse(JSON.stringify(param.schema ?? {}).replaceAll('"#/components/', '"openrpc-document#/components/')));
      this.validators.set(key, validate);
    }
    return validate(value);
  }

  /** Throws ContractViolation unless `response` is an answer the document allows to a call of `name`. */
  check(name: string, response: RpcResponse): void {
    const method = this.byName.get(name);
    if (response.error) {
      const protocol = PROTOCOL_ERRORS.map((e) => this.document.components.errors[e]?.code);
      const declared = (method?.errors ?? []).map((e) => this.errorCode(e));
      if (![...protocol, ...declared].includes(response.error.code)) {
        throw new ContractViolation(`${name}: error ${response.error.code} (${response.error.message}) is not declared (declared: ${declared.join(", ")})`);
      }
      if (!("data" in response.error)) throw new ContractViolation(`${name}: error ${response.error.code} has no data member`);
      if (method) this.onExercise?.(method.name, response.error.code);
      return;
    }
    if (!method) throw new ContractViolation(`${name} answered a result but is not a method of the document`);
    let validate = this.validators.get(method.name);
    if (!validate) {
      const schema = JSON.parse(JSON.stringify(method.result?.schema ?? {}).replaceAll('"#/components/', '"openrpc-document#/components/'));
      validate = this.ajv.compile(schema);
      this.validators.set(method.name, validate);
    }
    if (!validate(response.result)) {
      const problems = (validate.errors ?? []).map((e) => `  at ${e.instancePath || "/"}: ${e.message}; value: ${JSON.stringify(e.instancePath ? undefined : response.result)}`);
      throw new ContractViolation(`${method.name}: result does not match the schema\n${problems.join("\n")}`);
    }
    this.onExercise?.(method.name, 200);
  }

  /** A `fetch` that checks every JSON-RPC answer it passes on against the document. */
  fetch(send: (request: Request) => Promise<Response> = globalThis.fetch): (request: Request) => Promise<Response> {
    return async (request) => {
      const url = new URL(request.url);
      const sent = request.method === "GET" ? { method: url.searchParams.get("method"), id: url.searchParams.get("id") } : JSON.parse(await request.clone().text());
      const response = await send(request);
      const text = await response.clone().text();
      // Refusals before JSON-RPC runs (HTTP 401/429 with a plain body) and notifications' empty answers.
      if (!response.ok || text === "") return response;
      // Leantime answers every JSON-RPC response, errors included, with HTTP 200.
      if (response.status !== 200) throw new ContractViolation(`${sent.method ?? "batch"}: answered HTTP ${response.status}; JSON-RPC answers come with 200`);
      if (!response.headers.get("content-type")?.includes("application/json")) {
        throw new ContractViolation(`${sent.method ?? "batch"}: answered with content type ${response.headers.get("content-type")}, not application/json`);
      }
      const answer = JSON.parse(text) as RpcResponse | RpcResponse[] | { error: string };
      const calls = ([] as { method: string; id?: unknown }[]).concat(sent);
      const answers = ([] as (RpcResponse | null)[]).concat(answer as RpcResponse);
      for (const [i, call] of calls.entries()) {
        const match = Array.isArray(answer) ? answers.find((a) => a && String(a.id) === String(call.id)) ?? answers[i] : answers[0];
        if (match === null && call.id === undefined) continue; // a notification's slot in a batch
        if (!match || typeof match !== "object" || !("result" in match || typeof match.error === "object")) {
          throw new ContractViolation(`${call.method}: the answer is not a JSON-RPC response: ${JSON.stringify(match)}`);
        }
        this.check(call.method, match);
      }
      return response;
    };
  }
}
