import type { OpenApiDocument } from "@leanapis/contract-helpers";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { Contract, ContractViolation } from "./contract.js";

const document: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "Things", version: "1.0.0" },
  paths: {
    "/things/{id}": {
      get: {
        operationId: "getThing",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[0-9]+$" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1 } },
        ],
        responses: {
          "200": {
            description: "The thing",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          "204": { description: "Nothing to say" },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        required: ["id", "kind"],
        properties: {
          id: { type: "string" },
          kind: { enum: ["a", "b"] },
          owner: { $ref: "#/components/schemas/Owner" },
        },
      },
      Owner: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
    },
    responses: {
      NotFound: {
        description: "No such thing",
        content: {
          "application/json": {
            schema: { type: "object", required: ["message"], properties: { message: { type: "string" } } },
          },
        },
      },
    },
  },
};
const contract = new Contract(document);
const check =
  (status: number, body: unknown, type: string | null = "application/json") =>
  () =>
    contract.checkResponse("GET", "/things/{id}", status, type, body);

describe("Contract.checkResponse", () => {
  it("accepts a declared status, content type and valid body, following refs", () => {
    expect(check(200, { id: "1", kind: "a", owner: { name: "Ada" } })).not.toThrow();
    expect(check(204, null, null)).not.toThrow();
    expect(check(404, { message: "no" })).not.toThrow();
  });

  it("names the operation, the pointer and the value of a violation", () => {
    expect(check(200, { id: "1", kind: "c" })).toThrow(ContractViolation);
    expect(check(200, { id: "1", kind: "c" })).toThrow(
      "getThing (GET /things/{id}) → 200: the response breaks the contract",
    );
    expect(check(200, { id: "1", kind: "c" })).toThrow('body /kind: must be one of ["a","b"]; value: "c"');
    expect(check(200, { id: "1", kind: "a", owner: {} })).toThrow("body /owner/name: is required but missing");
    expect(check(200, { kind: "a" })).toThrow("body /id: is required but missing");
  });

  it("rejects an undeclared status, an undeclared content type, and a body where none is declared", () => {
    expect(check(500, {})).toThrow(
      "→ 500: the response breaks the contract\n  status: is not declared (declared: 200, 204, 404)",
    );
    expect(check(200, "<html>", "text/html")).toThrow(
      "header Content-Type: text/html is not declared for this status (declared: application/json)",
    );
    expect(check(204, { id: "1" })).toThrow("body: must be empty with status 204");
  });

  it("rejects an operation the contract does not have", () => {
    expect(() => contract.checkResponse("POST", "/things/{id}", 200, null, null)).toThrow(
      "POST /things/{id} is not an operation of the contract",
    );
  });
});

describe("Contract.middleware", () => {
  /** A client whose "server" answers `status` with `body`, checked by the contract. */
  function clientAnswering(status: number, body: unknown) {
    const client = createClient<{
      "/things/{id}": {
        get: { parameters: { path: { id: string }; query?: { limit?: number } }; responses: Record<string, never> };
      };
    }>({
      baseUrl: "http://127.0.0.1:9",
      fetch: async () => Response.json(body, { status }),
    });
    client.use(contract.middleware());
    return client;
  }

  it("tells API drift (a bad response to a valid request) from a client bug", async () => {
    const drift = clientAnswering(200, { id: "1" }).GET("/things/{id}", { params: { path: { id: "1" } } });
    await expect(drift).rejects.toThrow("the request was valid: the API drifted from the contract");
  });

  it("fails a 2xx to a request that broke the contract, naming what the client got wrong", async () => {
    const bug = clientAnswering(200, { id: "1", kind: "a" }).GET("/things/{id}", {
      params: { path: { id: "x1" }, query: { limit: 0 } },
    });
    await expect(bug).rejects.toThrow("the request broke the contract (a client bug), yet the API answered 200");
    await expect(
      clientAnswering(200, { id: "1", kind: "a" }).GET("/things/{id}", { params: { path: { id: "x1" } } }),
    ).rejects.toThrow("path parameter id");
  });

  it("lets an invalid request through when the API refuses it as the contract says", async () => {
    const refused = clientAnswering(404, { message: "no" }).GET("/things/{id}", { params: { path: { id: "x1" } } });
    await expect(refused).resolves.toMatchObject({ response: { status: 404 } });
  });
});
