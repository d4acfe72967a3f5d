// Checks JSON-RPC exchanges against an OpenRPC document through the one checker (check/):
// wraps `fetch`, so it sees every response a client receives, results, errors and the
// HTTP refusals before JSON-RPC runs alike.
import {
  type ContentDescriptorObject,
  deref,
  type MethodObject,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openRpcMethods,
  type SchemaValidators,
} from "@leanapis/contract-helpers";
import { checkerFor, inspectExchange } from "./check/check-exchange.js";
import { ContractViolation } from "./check/contract-violation.js";
import type { Exchange } from "./check/exchange.js";
import type { RpcChecker } from "./check/rpc-checker.js";
import type { ExerciseListener } from "./contract.js";

export class RpcContract {
  onExercise: ExerciseListener | undefined;
  readonly validators: SchemaValidators;
  private readonly checker: RpcChecker;

  constructor(readonly document: OpenRpcDocument) {
    this.checker = checkerFor(document) as RpcChecker;
    this.validators = this.checker.validators;
  }

  /**
   * Every method the document's release exposes, references resolved, in document order:
   * a method a later release gated or removed (`x-leantime-until`) is left out, since a mock
   * or server of that release refuses it.
   */
  methods(): MethodObject[] {
    return openRpcMethods(this.document).filter(
      (method) => (method as { "x-leantime-until"?: string })["x-leantime-until"] === undefined,
    );
  }

  /** Every method of the document, those of earlier releases included. */
  allMethods(): MethodObject[] {
    return openRpcMethods(this.document);
  }

  method(name: string): MethodObject | undefined {
    return this.checker.method(name)?.method;
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
  errorCodes(method: MethodObject): number[] {
    return this.checker.errorCodes(method);
  }

  /** Whether `value` is one the schema of a method's param accepts. */
  acceptsParam(methodName: string, paramName: string, value: unknown): boolean {
    const found = this.checker.method(methodName);
    const index = found ? this.params(found.method).findIndex((param) => param.name === paramName) : -1;
    if (!found || index < 0) return true;
    return this.validators.at(["methods", found.index, "params", index, "schema"])(value) as boolean;
  }

  /** Throws ContractViolation unless the exchange is one the document allows. */
  check(exchange: Exchange): void {
    const inspection = inspectExchange(this.document, exchange);
    for (const { operation, status } of inspection.exercised) this.onExercise?.(operation, status);
    if (inspection.violations.length === 0) return;
    const heading = `${inspection.operation ?? exchange.request.method} → HTTP ${exchange.response.status}: the answer breaks the contract`;
    throw new ContractViolation(heading, inspection.violations);
  }

  /** Throws ContractViolation unless `answer` is one the document allows to a call of `name` with its id. */
  checkAnswer(name: string, answer: { id?: unknown }): void {
    const call = { jsonrpc: "2.0", method: name, ...(answer.id === undefined ? {} : { id: answer.id }) };
    this.check({
      request: { method: "POST", url: this.checker.endpoint, body: JSON.stringify(call) },
      response: { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(answer) },
    });
  }

  /** A `fetch` that checks every answer it passes on against the document. */
  fetch(send: (request: Request) => Promise<Response> = globalThis.fetch): (request: Request) => Promise<Response> {
    return async (request) => {
      const body = request.method === "GET" ? undefined : await request.clone().text();
      const response = await send(request);
      this.check({
        request: { method: request.method, url: request.url, headers: request.headers, body },
        response: {
          status: response.status,
          headers: response.headers,
          body: new Uint8Array(await response.clone().arrayBuffer()),
        },
      });
      return response;
    };
  }
}
