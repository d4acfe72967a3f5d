// Checks responses against an OpenAPI contract: the status and content type must be
// declared for the operation, and the body must validate against the declared schema.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Middleware } from "openapi-fetch";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;
interface MediaType {
  schema?: Json;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

/** A response the contract does not allow. The message names the operation, pointer and value. */
export class ContractViolation extends Error {
  override name = "ContractViolation";
}

export function loadContract(specifier: string): OpenApiDocument {
  const path = createRequire(import.meta.url).resolve(specifier);
  return JSON.parse(readFileSync(path, "utf8")) as OpenApiDocument;
}

function describeErrors(errors: ErrorObject[], body: unknown): string {
  return errors
    .map((e) => {
      const pointer = e.instancePath || "/";
      const value = pointer === "/" ? body : valueAt(body, e.instancePath);
      return `  at ${pointer}: ${e.message ?? e.keyword} (${JSON.stringify(e.params)}); value: ${JSON.stringify(value)}`;
    })
    .join("\n");
}

function valueAt(document: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

/** Told of every response checked: which operation, which status. */
export type ExerciseListener = (operationId: string, status: number) => void;

export class Contract {
  /** Called for every response the middleware checks (the coverage report listens here). */
  onExercise: ExerciseListener | undefined;
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    // OpenAPI's own schema keywords, not JSON Schema ones: known, but without meaning here.
    this.ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs"]);
    addFormats(this.ajv);
    // The contract's schemas become the $defs of one schema, so that refs between them resolve.
    const schemas = JSON.stringify(document.components?.schemas ?? {}).replaceAll('"#/components/schemas/', '"#/$defs/');
    this.ajv.addSchema({ $id: "contract", $defs: JSON.parse(schemas) as Json });
  }

  /** Follows a local `#/...` reference inside the contract. */
  resolve<T>(ref: string): T {
    return valueAt(this.document, ref.slice(1)) as T;
  }

  /** The object itself, or the one its `$ref` points to. */
  deref<T>(node: T | { $ref: string } | undefined): T | undefined {
    return node && typeof node === "object" && "$ref" in node ? this.resolve<T>(node.$ref) : (node as T | undefined);
  }

  /** Every operation, with its path and upper-case method (path-level `parameters` are not operations). */
  operations(): { path: string; method: string; operation: Operation }[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
  }

  operation(method: string, path: string): Operation {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new ContractViolation(`${method} ${path} is not an operation of the contract`);
    return operation;
  }

  /** Throws ContractViolation unless the response is one the contract declares for this operation. */
  checkResponse(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
    const operation = this.operation(method, path);
    const where = `${operation.operationId} (${method} ${path}) → ${status}`;
    this.onExercise?.(operation.operationId, status);
    const declared = this.deref(operation.responses[String(status)] ?? operation.responses.default);
    if (!declared) {
      throw new ContractViolation(`${where}: status not declared (declared: ${Object.keys(operation.responses).join(", ")})`);
    }
    if (!declared.content) {
      if (body !== null && body !== "") throw new ContractViolation(`${where}: a body was sent where none is declared`);
      return;
    }
    const mediaType = contentType?.split(";")[0]?.trim() ?? "";
    const media = declared.content[mediaType];
    if (!media) {
      throw new ContractViolation(`${where}: content type "${mediaType}" not declared (${Object.keys(declared.content).join(", ")})`);
    }
    if (!media.schema) return;
    const validate = this.validator(JSON.stringify(media.schema));
    if (!validate(body)) throw new ContractViolation(`${where}: body does not match the schema\n${describeErrors(validate.errors ?? [], body)}`);
  }

  private validator(schemaJson: string): ValidateFunction {
    let validate = this.validators.get(schemaJson);
    if (!validate) {
      const schema = JSON.parse(schemaJson.replaceAll('"#/components/schemas/', '"contract#/$defs/')) as Json;
      validate = this.ajv.compile(schema);
      this.validators.set(schemaJson, validate);
    }
    return validate;
  }

  /**
   * What is wrong with a request by the contract (empty when nothing): path and query
   * params as the client gave them, and the JSON body as sent.
   */
  requestProblems(method: string, path: string, params: { path?: Json; query?: Json }, contentType: string | null, body: unknown): string[] {
    const operation = this.operation(method, path);
    const problems: string[] = [];
    for (const ref of operation.parameters ?? []) {
      const parameter = this.deref<Parameter>(ref)!;
      if (parameter.in !== "path" && parameter.in !== "query") continue;
      const value = params[parameter.in]?.[parameter.name];
      if (value === undefined) {
        if (parameter.required) problems.push(`${parameter.in} parameter ${parameter.name} is required`);
        continue;
      }
      const validate = this.validator(JSON.stringify(parameter.schema ?? {}));
      if (!validate(value)) problems.push(`${parameter.in} parameter ${parameter.name}: ${describeErrors(validate.errors ?? [], value).trim()}`);
    }
    const mediaType = contentType?.split(";")[0]?.trim();
    const media = mediaType ? operation.requestBody?.content[mediaType] : undefined;
    if (operation.requestBody?.required && body === undefined) problems.push("the body is required");
    if (media?.schema && mediaType?.includes("json") && body !== undefined) {
      const validate = this.validator(JSON.stringify(media.schema));
      if (!validate(body)) problems.push(`body: ${describeErrors(validate.errors ?? [], body).trim()}`);
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
        requestProblems.set(id, this.requestProblems(request.method, schemaPath, params as { path?: Json; query?: Json }, contentType, body));
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
          const cause = problems.length ? `the request broke the contract too (a client bug?): ${problems.join("; ")}` : "the request was valid: the API drifted from the contract";
          if (violation instanceof ContractViolation) violation.message += `\n  (${cause})`;
          throw violation;
        }
        if (response.ok && problems.length) {
          throw new ContractViolation(`${request.method} ${schemaPath}: the request broke the contract (a client bug), yet the API answered ${response.status}: ${problems.join("; ")}`);
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
