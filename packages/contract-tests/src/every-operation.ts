// Every operation of an OpenAPI contract, called through its generated client against the
// mock: each documented success and each declared error must come back as the contract
// says (checked by the contract middleware) and carry the contract's example. Request
// values come from the contract's own parameter and body examples, so a new operation is
// covered as soon as it is in the contract. Mock-only: live runs use the scenario suites.
import type { ApiError } from "@leanapis/clients/leankit";
import type { Middleware } from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import { Contract, loadContract } from "./contract.js";
import { trackCoverage } from "./coverage.js";
import type { Api } from "./targets.js";

interface Parameter {
  name: string;
  in: string;
  example?: unknown;
  schema?: { examples?: unknown[] };
  /** The media type each value of a format parameter answers with (Reporting's `format`). */
  "x-media-types"?: Record<string, string>;
}
interface Media {
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}
export interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { $ref: string } | { content?: Record<string, Media> }>;
  security?: Record<string, string[]>[];
}

/** openapi-fetch's `client.request`, untyped: the suite walks every path generically. */
type RequestFunction = (method: string, path: string, init: object) => Promise<{ data?: unknown; response: Response }>;

export interface EveryOperationSuite {
  title: string;
  api: Exclude<Api, "leantime">;
  /** The bundled contract, e.g. "@leanapis/spec-leankit/openapi.json". */
  specifier: string;
  /** A client of the mock (no retries) fit for the operation's security. */
  client: (mockUrl: string, operation: Operation) => { use: (middleware: Middleware) => void; request: unknown };
  /** The error class the API family's client throws. */
  errorClass: abstract new (...args: never[]) => ApiError;
}

export function exampleOf(contract: Contract, media: Media | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return first?.$ref ? contract.resolve<{ value: unknown }>(first.$ref).value : first?.value;
}

/** The request the contract's examples describe: path and query values, and the body. */
function exampleRequest(contract: Contract, operation: Operation) {
  const params: { path: Record<string, unknown>; query: Record<string, unknown> } = { path: {}, query: {} };
  for (const ref of operation.parameters ?? []) {
    const parameter = contract.deref<Parameter>(ref)!;
    const value = parameter.example ?? parameter.schema?.examples?.[0];
    if (value === undefined || (parameter.in !== "path" && parameter.in !== "query")) continue;
    params[parameter.in][parameter.name] = value;
  }
  const [mediaType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  if (mediaType === "multipart/form-data") {
    const form = new FormData();
    form.append("file", new Blob(["release notes"], { type: "application/octet-stream" }), "notes.txt");
    form.append("description", "Release notes");
    return { params, body: form, headers: {} };
  }
  // Bodies go as the media type the contract declares (application/scim+json, …).
  const headers: Record<string, string> = mediaType ? { "Content-Type": mediaType } : {};
  return { params, body: exampleOf(contract, media), headers };
}

/** The response's media: the one the example request's format parameter asks for, else the first. */
function responseMedia(contract: Contract, operation: Operation, status: string): [string, Media] | undefined {
  const response = contract.deref<{ content?: Record<string, Media> }>(operation.responses[status]);
  const media = Object.entries(response?.content ?? {});
  const format = (operation.parameters ?? []).map((p) => contract.deref<Parameter>(p)!).find((p) => p["x-media-types"]);
  const chosen = format && format["x-media-types"]![String(format.example ?? format.schema?.examples?.[0])];
  return media.find(([type]) => type === chosen) ?? media[0];
}

export function describeEveryOperation({ title, api, specifier, client, errorClass }: EveryOperationSuite): void {
  const contract = new Contract(loadContract(specifier));
  trackCoverage(api, contract);
  const mockUrl = inject("mockUrls")[api];
  const request = (operation: Operation): RequestFunction => {
    const checked = client(mockUrl!, operation);
    checked.use(contract.middleware());
    return checked.request as RequestFunction;
  };

  const operations = contract.operations().map(({ path, method, operation }) => {
    const name = `${operation.operationId} (${method} ${path})`;
    return [name, { path, method, operation: operation as unknown as Operation }] as const;
  });

  describe.runIf(mockUrl !== null)(`every ${title} operation`, () => {
    it.each(operations)("%s answers with each documented success and its example", async (_, { path, method, operation }) => {
      const successes = Object.keys(operation.responses).filter((status) => status.startsWith("2"));
      expect(successes.length).toBeGreaterThan(0);
      for (const [index, status] of successes.entries()) {
        const [mediaType, media] = responseMedia(contract, operation, status) ?? [];
        const { headers: bodyHeaders, ...init } = exampleRequest(contract, operation);
        const headers: Record<string, string> = { ...bodyHeaders, ...(mediaType ? { Accept: mediaType } : {}) };
        // The first success is what the mock answers on its own; the others need asking for.
        if (index > 0) headers.Prefer = `code=${status}`;
        const parseAs = mediaType === undefined || mediaType.includes("json") ? "json" : "text";
        const { data, response } = await request(operation)(method, path, { ...init, parseAs, headers });
        expect(response.status).toBe(Number(status));
        if (mediaType !== undefined) {
          expect(exampleOf(contract, media), `${status} has an example`).toBeDefined();
          expect(data).toEqual(exampleOf(contract, media));
        }
      }
    });

    it.each(operations)("%s answers each declared error in the API's error format", async (_, { path, method, operation }) => {
      const errors = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
      expect(errors.length).toBeGreaterThan(0);
      for (const status of errors) {
        const { headers: bodyHeaders, ...init } = exampleRequest(contract, operation);
        const [mediaType] = responseMedia(contract, operation, status) ?? [];
        const headers = { ...bodyHeaders, ...(mediaType ? { Accept: mediaType } : {}), Prefer: `code=${status}` };
        const error = await request(operation)(method, path, { ...init, headers }).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (!(error instanceof errorClass)) throw error ?? new Error(`expected ${status}, got a success`);
        expect(error.status).toBe(Number(status));
        expect(error.operation).toBe(`${method} ${path}`);
        expect(error.body).toEqual(exampleOf(contract, responseMedia(contract, operation, status)?.[1]));
      }
    });
  });
}
