// Checks responses against an OpenAPI contract: the status and content type must be
// declared for the operation, and the body must validate against the declared schema.
import {
  deref,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenApiOperation,
  openApiOperations,
  SchemaValidators,
  type Segments,
} from "@leanapis/contract-helpers";
import type { Middleware } from "openapi-fetch";

type Json = Record<string, unknown>;

/** A response the contract does not allow. The message names the operation, pointer and value. */
export class ContractViolation extends Error {
  override name = "ContractViolation";
}

/** Told of every response checked: which operation, which status. */
export type ExerciseListener = (operationId: string, status: number) => void;

/** The example a media type carries: its `example`, else the first of its `examples`. */
export function exampleOf(document: OpenApiDocument, media: OpenAPIV3_1.MediaTypeObject | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return deref<OpenAPIV3_1.ExampleObject>(document, first)?.value;
}

/** Problem lines as one message block, each on its own indented line. */
const indented = (problems: string[]) => problems.map((problem) => `  ${problem}`).join("\n");

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

export class Contract {
  /** Called for every response the middleware checks (the coverage report listens here). */
  onExercise: ExerciseListener | undefined;
  readonly validators: SchemaValidators;
  private readonly byRoute = new Map<string, OpenApiOperation>();

  constructor(readonly document: OpenApiDocument) {
    this.validators = new SchemaValidators(document);
    for (const entry of openApiOperations(document)) this.byRoute.set(`${entry.method} ${entry.path}`, entry);
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

  /** Throws ContractViolation unless the response is one the contract declares for this operation. */
  checkResponse(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
    const entry = this.operation(method, path);
    const responses = entry.operation.responses ?? {};
    const operationId = entry.operation.operationId ?? `${method} ${path}`;
    const where = `${operationId} (${method} ${path}) → ${status}`;
    this.onExercise?.(operationId, status);
    const key = responses[String(status)] ? String(status) : "default";
    const declared = deref<OpenAPIV3_1.ResponseObject>(this.document, responses[key]);
    if (!declared) {
      throw new ContractViolation(`${where}: status not declared (declared: ${Object.keys(responses).join(", ")})`);
    }
    if (!declared.content) {
      if (body !== null && body !== "") throw new ContractViolation(`${where}: a body was sent where none is declared`);
      return;
    }
    const mediaType = contentType?.split(";")[0]?.trim() ?? "";
    const media = declared.content[mediaType];
    if (!media) {
      throw new ContractViolation(
        `${where}: content type "${mediaType}" not declared (${Object.keys(declared.content).join(", ")})`,
      );
    }
    if (!media.schema) return;
    const schema = ["paths", path, entry.method, "responses", key, "content", mediaType, "schema"];
    const problems = this.validators.problems(schema, body);
    if (problems.length) throw new ContractViolation(`${where}: body does not match the schema\n${indented(problems)}`);
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
    const requestProblems = new Map<string, string[]>();
    return {
      onRequest: async ({ request, schemaPath, params, id }) => {
        const text = request.body ? await request.clone().text() : "";
        const contentType = request.headers.get("content-type");
        const body = text === "" ? undefined : contentType?.includes("json") ? (JSON.parse(text) as unknown) : text;
        requestProblems.set(
          id,
          this.requestProblems(request.method, schemaPath, params as { path?: Json; query?: Json }, contentType, body),
        );
        return undefined;
      },
      onResponse: async ({ request, response, schemaPath, id }) => {
        const problems = requestProblems.get(id) ?? [];
        requestProblems.delete(id);
        const text = await response.clone().text();
        const isJson = response.headers.get("content-type")?.includes("json") ?? false;
        const body = text === "" ? null : isJson ? (JSON.parse(text) as unknown) : text;
        try {
          this.checkResponse(request.method, schemaPath, response.status, response.headers.get("content-type"), body);
        } catch (violation) {
          const cause = problems.length
            ? `the request broke the contract too (a client bug?): ${problems.join("; ")}`
            : "the request was valid: the API drifted from the contract";
          if (violation instanceof ContractViolation) violation.message += `\n  (${cause})`;
          throw violation;
        }
        if (response.ok && problems.length) {
          const answered = `yet the API answered ${response.status}: ${problems.join("; ")}`;
          const broke = "the request broke the contract (a client bug)";
          throw new ContractViolation(`${request.method} ${schemaPath}: ${broke}, ${answered}`);
        }
        return undefined;
      },
      // A request that got no response (a timeout, a refused connection) leaves nothing behind.
      onError: ({ id }) => {
        requestProblems.delete(id);
      },
    };
  }
}
