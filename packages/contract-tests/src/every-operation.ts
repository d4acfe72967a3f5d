// Every operation of an OpenAPI contract, called through its generated client against the
// mock: each documented success and each declared error must come back as the contract
// says (checked by the contract middleware) and carry the contract's example. Request
// values come from the contract's own parameter and body examples, so a new operation is
// covered as soon as it is in the contract, and a new API as soon as it is in the registry.
// Mock-only: live runs use the scenario suites.
import type { ApiError } from "@leanapis/clients/leankit";
import { deref, type OpenAPIV3_1, type OpenApiDocument } from "@leanapis/contract-helpers";
import { type Api, loadContract } from "@leanapis/registry";
import type { Middleware } from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import { Contract, exampleOf } from "./contract.js";
import { trackCoverage } from "./coverage.js";

/** A registry entry whose contract is OpenAPI. */
export type OpenApiApi = Extract<Api, { kind: "openapi" }>;

/** Reporting's `format` parameter says which media type each of its values answers with. */
export type Parameter = OpenAPIV3_1.ParameterObject & { "x-media-types"?: Record<string, string> };
type Operation = OpenAPIV3_1.OperationObject;

/** openapi-fetch's `client.request`, untyped: the suite walks every path generically. */
type RequestFunction = (method: string, path: string, init: object) => Promise<{ data?: unknown; response: Response }>;

/** What the suite needs of an API's client entry: its factory and its error class. */
export interface ClientEntry {
  factory: (options: Record<string, unknown>) => { use: (middleware: Middleware) => void; request: unknown };
  errorClass: abstract new (...args: never[]) => ApiError;
}

/** The factory and error class an API's client entry exports, by the names the registry gives. */
export async function loadClientEntry(api: Api): Promise<ClientEntry> {
  const { entry, factory, errorClass } = api.client;
  const exports = (await import(entry)) as Record<string, unknown>;
  if (typeof exports[factory] !== "function" || typeof exports[errorClass] !== "function") {
    throw new Error(`${entry} does not export ${factory} and ${errorClass}, as the registry says`);
  }
  return {
    factory: exports[factory] as ClientEntry["factory"],
    errorClass: exports[errorClass] as ClientEntry["errorClass"],
  };
}

/**
 * The auth option for calling `operation`: the credentials given for a scheme its security
 * (else the document's) accepts, taken in the order given, which for the registry's mock
 * credentials puts the API's usual ones first (LeanKit's token operations accept Basic
 * only). A public operation gets the first ones, which it ignores.
 */
export function authFor(
  byScheme: Readonly<Record<string, unknown>>,
  document: OpenApiDocument,
  operation: Operation,
): unknown {
  const requirements = operation.security ?? document.security ?? [];
  const accepted = new Set(requirements.flatMap((requirement) => Object.keys(requirement)));
  const scheme = Object.keys(byScheme).find((name) => accepted.has(name)) ?? Object.keys(byScheme)[0];
  return scheme === undefined ? undefined : byScheme[scheme];
}

/** The auth option for calling `operation` on the mock: the registry's mock credentials (see `authFor`). */
export const mockAuthFor = (api: OpenApiApi, document: OpenApiDocument, operation: Operation): unknown =>
  authFor(api.client.mockAuth, document, operation);

/** The request the contract's examples describe: path and query values, and the body. */
export function exampleRequest(document: OpenApiDocument, operation: Operation, parameters: Parameter[]) {
  const params: { path: Record<string, unknown>; query: Record<string, unknown> } = { path: {}, query: {} };
  for (const parameter of parameters) {
    const value = parameter.example ?? schemaExample(parameter);
    if (value === undefined || (parameter.in !== "path" && parameter.in !== "query")) continue;
    params[parameter.in][parameter.name] = value;
  }
  const requestBody = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody);
  const [mediaType, media] = Object.entries(requestBody?.content ?? {})[0] ?? [];
  if (mediaType === "multipart/form-data") {
    const form = new FormData();
    form.append("file", new Blob(["release notes"], { type: "application/octet-stream" }), "notes.txt");
    form.append("description", "Release notes");
    return { params, body: form, headers: {} };
  }
  // Bodies go as the media type the contract declares (application/scim+json, …).
  const headers: Record<string, string> = mediaType ? { "Content-Type": mediaType } : {};
  return { params, body: exampleOf(document, media), headers };
}

/** The first of a parameter's schema `examples`, when its schema is inline. */
const schemaExample = (parameter: Parameter): unknown =>
  (parameter.schema as OpenAPIV3_1.SchemaObject | undefined)?.examples?.[0];

/** The response's media: the one the example request's format parameter asks for, else the first. */
function responseMedia(document: OpenApiDocument, operation: Operation, parameters: Parameter[], status: string) {
  const response = deref<OpenAPIV3_1.ResponseObject>(document, operation.responses?.[status]);
  const media = Object.entries(response?.content ?? {});
  const format = parameters.find((parameter) => parameter["x-media-types"]);
  const chosen = format && format["x-media-types"]![String(format.example ?? schemaExample(format))];
  return media.find(([type]) => type === chosen) ?? media[0];
}

/** The every-operation suite of one OpenAPI API, through the client its registry entry names. */
export function describeEveryOperation(api: OpenApiApi, client: ClientEntry): void {
  const contract = new Contract(loadContract(api.id));
  const { document } = contract;
  trackCoverage(api.id, contract);
  const mockUrl = inject("mockUrls")[api.id];
  const request = (operation: Operation): RequestFunction => {
    const auth = mockAuthFor(api, document, operation);
    const checked = client.factory({ baseUrl: mockUrl, ...api.client.mockOptions, auth });
    checked.use(contract.middleware());
    return checked.request as RequestFunction;
  };

  const operations = contract.operations().map(({ path, method, operation, parameters }) => {
    const verb = method.toUpperCase();
    const name = `${operation.operationId} (${verb} ${path})`;
    return [name, { path, method: verb, operation, parameters: parameters as Parameter[] }] as const;
  });

  describe.runIf(mockUrl !== null)(`every ${api.title} operation`, () => {
    it.each(operations)("%s answers with each documented success and its example", async (_, operationAt) => {
      const { path, method, operation, parameters } = operationAt;
      const successes = Object.keys(operation.responses ?? {}).filter((status) => status.startsWith("2"));
      expect(successes.length).toBeGreaterThan(0);
      for (const status of successes) {
        const [mediaType, media] = responseMedia(document, operation, parameters, status) ?? [];
        const { headers: bodyHeaders, ...init } = exampleRequest(document, operation, parameters);
        const headers: Record<string, string> = { ...bodyHeaders, ...(mediaType ? { Accept: mediaType } : {}) };
        // Asked for by status, the mock answers the contract's example as it stands (without
        // Prefer, it pages, filters and trims as the API would, which the scenario suites test).
        headers.Prefer = `code=${status}`;
        const parseAs = mediaType === undefined || mediaType.includes("json") ? "json" : "text";
        const { data, response } = await request(operation)(method, path, { ...init, parseAs, headers });
        expect(response.status).toBe(Number(status));
        if (mediaType !== undefined) {
          expect(exampleOf(document, media), `${status} has an example`).toBeDefined();
          expect(data).toEqual(exampleOf(document, media));
        }
      }
    });

    it.each(operations)("%s answers each declared error in the API's error format", async (_, operationAt) => {
      const { path, method, operation, parameters } = operationAt;
      const errors = Object.keys(operation.responses ?? {}).filter((status) => Number(status) >= 400);
      expect(errors.length).toBeGreaterThan(0);
      for (const status of errors) {
        const { headers: bodyHeaders, ...init } = exampleRequest(document, operation, parameters);
        const [mediaType, media] = responseMedia(document, operation, parameters, status) ?? [];
        const headers = { ...bodyHeaders, ...(mediaType ? { Accept: mediaType } : {}), Prefer: `code=${status}` };
        const error = await request(operation)(method, path, { ...init, headers }).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (!(error instanceof client.errorClass)) throw error ?? new Error(`expected ${status}, got a success`);
        expect(error.status).toBe(Number(status));
        expect(error.operation).toBe(`${method} ${path}`);
        expect(error.body).toEqual(exampleOf(document, media));
      }
    });
  });
}
