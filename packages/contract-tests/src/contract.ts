// Checks exchanges against an OpenAPI contract through the one checker (check/), and the
// requests a client sends against the operation's parameters and body.
import {
  deref,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenApiOperation,
  type SchemaValidators,
  type Segments,
} from "@leanapis/contract-helpers";
import type { Middleware } from "openapi-fetch";
import { checkerFor, inspectExchange } from "./check/check-exchange.js";
import { ContractViolation } from "./check/contract-violation.js";
import { type Exchange, type ExchangeInspection, type HeaderInput, HeaderMap } from "./check/exchange.js";
import type { OpenApiChecker } from "./check/openapi-checker.js";
import { Redactor } from "./check/redact.js";

export { ContractViolation } from "./check/contract-violation.js";

type Json = Record<string, unknown>;

/** Told of every response checked: which operation, which status. */
export type ExerciseListener = (operationId: string, status: number) => void;

/** The example a media type carries: its `example`, else the first of its `examples`. */
export function exampleOf(document: OpenApiDocument, media: OpenAPIV3_1.MediaTypeObject | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return deref<OpenAPIV3_1.ExampleObject>(document, first)?.value;
}

/** Where a parameter object of an operation stands in the document: under the operation, else under its path. */
function parameterPlace(
  document: OpenApiDocument,
  { path, method }: OpenApiOperation,
  parameter: object,
): Segments | undefined {
  const item = document.paths?.[path];
  const places: [Segments, unknown[] | undefined][] = [
    [["paths", path, method, "parameters"], item?.[method]?.parameters],
    [["paths", path, "parameters"], item?.parameters],
  ];
  for (const [place, list] of places) {
    const index = (list ?? []).findIndex((candidate) => deref(document, candidate) === parameter);
    if (index >= 0) return [...place, index];
  }
  return undefined;
}

/** The violation an inspection amounts to, headed by the exchange it is about; undefined when it conforms. */
export function violationOf(
  inspection: ExchangeInspection,
  exchange: Exchange,
  path?: string,
): ContractViolation | undefined {
  if (inspection.violations.length === 0) return undefined;
  const { request, response } = exchange;
  const heading = inspection.route
    ? `${inspection.operation} (${inspection.route}) → ${response.status}: the response breaks the contract`
    : `${request.method.toUpperCase()} ${path ?? new URL(request.url, "http://request.invalid").pathname}: not checked`;
  return new ContractViolation(heading, inspection.violations);
}

export class Contract {
  /** Called for every response the middleware checks (the coverage report listens here). */
  onExercise: ExerciseListener | undefined;
  readonly validators: SchemaValidators;
  private readonly checker: OpenApiChecker;
  private readonly byRoute = new Map<string, OpenApiOperation>();

  constructor(readonly document: OpenApiDocument) {
    this.checker = checkerFor(document) as OpenApiChecker;
    this.validators = this.checker.validators;
    for (const entry of this.checker.operations()) this.byRoute.set(`${entry.method} ${entry.path}`, entry);
  }

  /** Every operation, in document order (methods in lower case, as the document keys them). */
  operations(): OpenApiOperation[] {
    return [...this.byRoute.values()];
  }

  /** The operation at `method` (any case) and `path`, its parameters resolved. */
  operation(method: string, path: string): OpenApiOperation {
    const entry = this.byRoute.get(`${method.toLowerCase()} ${path}`);
    if (!entry) throw new ContractViolation(`${method} ${path} is not an operation of the contract`);
    return entry;
  }

  /**
   * Throws ContractViolation unless the exchange is one the contract allows (see check/);
   * `path` is the operation's path template when the caller knows it.
   */
  check(exchange: Exchange, path?: string): void {
    const inspection = inspectExchange(this.document, exchange, { path });
    for (const { operation, status } of inspection.exercised) this.onExercise?.(operation, status);
    const violation = violationOf(inspection, exchange, path);
    if (violation) throw violation;
  }

  /** Throws ContractViolation unless the response is one the contract declares for this operation. */
  checkResponse(
    method: string,
    path: string,
    status: number,
    contentType: string | null,
    body: unknown,
    headers?: HeaderInput,
  ): void {
    const text = body === null || body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
    const responseHeaders = new HeaderMap(headers).entries().filter(([name]) => name.toLowerCase() !== "content-type");
    if (contentType !== null) responseHeaders.push(["Content-Type", contentType]);
    this.check({ request: { method, url: path }, response: { status, headers: responseHeaders, body: text } }, path);
  }

  /**
   * What is wrong with a request by the contract (empty when nothing): path and query
   * params as the client gave them, and the JSON body as sent.
   */
  requestProblems(
    method: string,
    path: string,
    params: { path?: Json; query?: Json },
    contentType: string | null,
    body: unknown,
  ): string[] {
    const entry = this.operation(method, path);
    const problems: string[] = [];
    for (const parameter of entry.parameters) {
      if (parameter.in !== "path" && parameter.in !== "query") continue;
      const value = params[parameter.in]?.[parameter.name];
      if (value === undefined) {
        if (parameter.required) problems.push(`${parameter.in} parameter ${parameter.name} is required`);
        continue;
      }
      const place = parameter.schema && parameterPlace(this.document, entry, parameter);
      const found = place ? this.validators.problems([...place, "schema"], value) : [];
      if (found.length) problems.push(`${parameter.in} parameter ${parameter.name}: ${found.join("\n  ")}`);
    }
    const requestBody = deref<OpenAPIV3_1.RequestBodyObject>(this.document, entry.operation.requestBody);
    const mediaType = contentType?.split(";")[0]?.trim();
    const media = mediaType ? requestBody?.content[mediaType] : undefined;
    if (requestBody?.required && body === undefined) problems.push("the body is required");
    if (media?.schema && mediaType?.includes("json") && body !== undefined) {
      const schema = ["paths", path, entry.method, "requestBody", "content", mediaType, "schema"];
      const found = this.validators.problems(schema, body);
      if (found.length) problems.push(`body: ${found.join("\n  ")}`);
    }
    return problems;
  }

  /**
   * openapi-fetch middleware: checks every request the client sends and every response it
   * receives, success or error. A response that breaks the contract is API drift when the
   * request was valid; a 2xx to an invalid request is a client bug the API let through.
   */
  middleware(): Middleware {
    const sent = new Map<string, { problems: string[]; body: string }>();
    return {
      onRequest: async ({ request, schemaPath, params, id }) => {
        const text = request.body ? await request.clone().text() : "";
        const contentType = request.headers.get("content-type");
        const body = text === "" ? undefined : contentType?.includes("json") ? (JSON.parse(text) as unknown) : text;
        const problems = this.requestProblems(
          request.method,
          schemaPath,
          params as { path?: Json; query?: Json },
          contentType,
          body,
        );
        sent.set(id, { problems, body: text });
        return undefined;
      },
      onResponse: async ({ request, response, schemaPath, id }) => {
        const { problems, body } = sent.get(id) ?? { problems: [], body: "" };
        sent.delete(id);
        const exchange: Exchange = {
          request: { method: request.method, url: request.url, headers: request.headers, body },
          response: {
            status: response.status,
            headers: response.headers,
            body: new Uint8Array(await response.clone().arrayBuffer()),
          },
        };
        // The request's problems quote what it sent, credentials included.
        const requestProblems = () => Redactor.forExchange(exchange).text(problems.join("; "));
        try {
          this.check(exchange, schemaPath);
        } catch (violation) {
          const cause = problems.length
            ? `the request broke the contract too (a client bug?): ${requestProblems()}`
            : "the request was valid: the API drifted from the contract";
          if (violation instanceof ContractViolation) violation.message += `\n  (${cause})`;
          throw violation;
        }
        if (response.ok && problems.length) {
          const answered = `yet the API answered ${response.status}: ${requestProblems()}`;
          const broke = "the request broke the contract (a client bug)";
          throw new ContractViolation(`${request.method} ${schemaPath}: ${broke}, ${answered}`);
        }
        return undefined;
      },
      // A request that got no response (a timeout, a refused connection) leaves nothing behind.
      onError: ({ id }) => {
        sent.delete(id);
      },
    };
  }
}
