// The two kinds of contract and how to read one. The types are the ecosystem's own:
// `openapi-types` for OpenAPI 3.1, `@open-rpc/meta-schema` for OpenRPC.
import { readFileSync } from "node:fs";
import type { OpenrpcDocument } from "@open-rpc/meta-schema";
import type { OpenAPIV3_1 } from "openapi-types";

export type {
  ContentDescriptorObject,
  ErrorObject as OpenRpcErrorObject,
  ExamplePairingObject,
  MethodObject,
  OpenrpcDocument,
} from "@open-rpc/meta-schema";
export type { OpenAPIV3_1 } from "openapi-types";

export type OpenApiDocument = OpenAPIV3_1.Document;
export type OpenRpcDocument = OpenrpcDocument;
export type ContractDocument = OpenApiDocument | OpenRpcDocument;
export type ContractKind = "openapi" | "openrpc";

export function isOpenRpc(document: ContractDocument): document is OpenRpcDocument {
  return "openrpc" in document;
}

export function kindOf(document: ContractDocument): ContractKind {
  return isOpenRpc(document) ? "openrpc" : "openapi";
}

/** Reads a bundled contract (one JSON file, every reference local). */
export function readContract<T extends ContractDocument = ContractDocument>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}
