// The bundled contract of each API, read once per process.
import { createRequire } from "node:module";
import { type OpenApiDocument, type OpenRpcDocument, readContract } from "@leanapis/contract-helpers";
import { type Api, type ApiId, apiById } from "./apis.js";

const require = createRequire(import.meta.url);
const loaded = new Map<string, OpenApiDocument | OpenRpcDocument>();

/** The path of an API's bundled contract: its JSON document, or its YAML one (OpenAPI only). */
export function contractFile(id: ApiId, format: "json" | "yaml" = "json"): string {
  const { contract } = apiById(id) as Api;
  const file = format === "yaml" && "yaml" in contract.bundles ? contract.bundles.yaml : contract.bundles.json;
  return require.resolve(`${contract.package}/${file}`);
}

/** The document type of an API's contract (a union when the id is not known statically). */
type DocumentOf<Id extends ApiId> = Id extends unknown
  ? Extract<Api, { id: Id }>["kind"] extends "openrpc"
    ? OpenRpcDocument
    : OpenApiDocument
  : never;

/** An API's bundled contract, parsed (shared: do not mutate it). */
export function loadContract<Id extends ApiId>(id: Id): DocumentOf<Id> {
  let document = loaded.get(id);
  if (!document) {
    document = readContract(contractFile(id));
    loaded.set(id, document);
  }
  return document as DocumentOf<Id>;
}
