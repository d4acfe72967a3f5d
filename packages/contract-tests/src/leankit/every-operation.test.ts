// Every operation of the LeanKit contract, called through the generated client against the
// mock: the success response and each declared error must come back as the contract says
// (checked by the contract middleware) and carry the contract's example. Request values come
// from the contract's own parameter and body examples, so a new operation is covered as
// soon as it is in the contract. Mock-only: live runs use the scenario suite.
import { createLeanKitClient, LeanKitApiError } from "@leanapis/clients/leankit";
import { describe, expect, inject, it } from "vitest";
import { Contract, loadContract } from "../contract.js";
import { trackCoverage } from "../coverage.js";

const contract = new Contract(loadContract("@leanapis/spec-leankit/openapi.json"));
trackCoverage("leankit", contract);
const mockUrl = inject("leankitMockUrl");

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: { examples?: unknown[]; default?: unknown };
}
interface Media {
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { $ref: string } | { content?: Record<string, Media> }>;
  security?: Record<string, string[]>[];
}

function exampleOf(media: Media | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return first?.$ref ? contract.resolve<{ value: unknown }>(first.$ref).value : first?.value;
}

/** The request the contract's examples describe: path and query values, and the body. */
function exampleRequest(operation: Operation) {
  const params: { path: Record<string, unknown>; query: Record<string, unknown> } = { path: {}, query: {} };
  for (const ref of operation.parameters ?? []) {
    const parameter = contract.deref<Parameter>(ref)!;
    const value = parameter.example ?? parameter.schema?.examples?.[0];
    if (value === undefined || (parameter.in !== "path" && parameter.in !== "query")) continue;
    params[parameter.in][parameter.name] = value;
  }
  const [mediaType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  let body: unknown = exampleOf(media);
  if (mediaType === "multipart/form-data") {
    const form = new FormData();
    form.append("file", new Blob(["release notes"], { type: "application/octet-stream" }), "notes.txt");
    form.append("description", "Release notes");
    body = form;
  }
  return { params, body };
}

const operations = Object.entries(contract.document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => {
    const name = `${operation.operationId} (${method.toUpperCase()} ${path})`;
    return [name, { path, method: method.toUpperCase(), operation: operation as unknown as Operation }] as const;
  }),
);

function client(operation: Operation) {
  const basicOnly = operation.security?.every((requirement) => "basicAuth" in requirement) ?? false;
  const api = createLeanKitClient({
    baseUrl: mockUrl!,
    auth: basicOnly ? { username: "mock-user", password: "mock-password" } : { token: "mock-token" },
    retry: false,
  });
  api.use(contract.middleware());
  return api.request as unknown as (
    method: string,
    path: string,
    init: object,
  ) => Promise<{ data?: unknown; response: Response }>;
}

function responseMedia(operation: Operation, status: string): [string, Media] | undefined {
  const response = contract.deref<{ content?: Record<string, Media> }>(operation.responses[status]);
  return Object.entries(response?.content ?? {})[0];
}

describe.runIf(mockUrl !== null)("every LeanKit operation", () => {
  it.each(operations)("%s answers with each documented success and its example", async (_, { path, method, operation }) => {
    const successes = Object.keys(operation.responses).filter((status) => status.startsWith("2"));
    for (const [index, status] of successes.entries()) {
      const [mediaType, media] = responseMedia(operation, status) ?? [];
      const headers: Record<string, string> = mediaType ? { Accept: mediaType } : {};
      // The first success is what the mock answers on its own; the others need asking for.
      if (index > 0) headers.Prefer = `code=${status}`;
      const parseAs = mediaType === undefined || mediaType.includes("json") ? "json" : "text";
      const { data, response } = await client(operation)(method, path, { ...exampleRequest(operation), parseAs, headers });
      expect(response.status).toBe(Number(status));
      if (mediaType !== undefined) {
        expect(exampleOf(media), `${status} has an example`).toBeDefined();
        expect(data).toEqual(exampleOf(media));
      }
    }
  });

  it.each(operations)("%s answers each declared error in the API's error format", async (_, { path, method, operation }) => {
    const errors = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
    expect(errors.length).toBeGreaterThan(0);
    for (const status of errors) {
      const error = await client(operation)(method, path, { ...exampleRequest(operation), headers: { Prefer: `code=${status}` } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!(error instanceof LeanKitApiError)) throw error ?? new Error(`expected ${status}, got a success`);
      expect(error.status).toBe(Number(status));
      expect(error.operation).toBe(`${method} ${path}`);
      expect(error.body).toEqual(exampleOf(responseMedia(operation, status)?.[1]));
    }
  });
});
