// Walking a contract: the operations of an OpenAPI document, the methods of an OpenRPC one.
import {
  type ContractDocument,
  isOpenRpc,
  type MethodObject,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenRpcDocument,
} from "./documents.js";
import { deref, type Segments } from "./pointer.js";

/** The keys of a path item that are operations (`parameters`, `servers`, … are not). */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OpenApiOperation {
  path: string;
  /** Lower case, as the document keys it. */
  method: HttpMethod;
  operation: OpenAPIV3_1.OperationObject;
  /** Path-level and operation-level parameters, references resolved; the operation's win. */
  parameters: OpenAPIV3_1.ParameterObject[];
  /** Where each of `parameters` is declared (same order), to address its schema: `[...at, "schema"]`. */
  parameterPlaces: Segments[];
}

/** Every operation, in document order. */
export function openApiOperations(document: OpenApiDocument): OpenApiOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) => {
    if (!item) return [];
    const declared = (list: (OpenAPIV3_1.ReferenceObject | OpenAPIV3_1.ParameterObject)[] | undefined, at: Segments) =>
      (list ?? []).map((p, i) => ({ parameter: deref<OpenAPIV3_1.ParameterObject>(document, p)!, at: [...at, i] }));
    const shared = declared(item.parameters, ["paths", path, "parameters"]);
    return HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const own = declared(operation.parameters, ["paths", path, method, "parameters"]);
      const overridden = (s: (typeof shared)[number]) =>
        own.some((o) => o.parameter.name === s.parameter.name && o.parameter.in === s.parameter.in);
      const all = [...shared.filter((s) => !overridden(s)), ...own];
      return [
        { path, method, operation, parameters: all.map((p) => p.parameter), parameterPlaces: all.map((p) => p.at) },
      ];
    });
  });
}

/** The operation with this id, if the document has one. */
export function findOperation(document: OpenApiDocument, operationId: string): OpenApiOperation | undefined {
  return openApiOperations(document).find(({ operation }) => operation.operationId === operationId);
}

/** Every method of an OpenRPC document. */
export function openRpcMethods(document: OpenRpcDocument): MethodObject[] {
  return document.methods.map((method) => deref<MethodObject>(document, method)!);
}

/** How many operations (OpenAPI) or methods (OpenRPC) a contract has. */
export function operationCount(document: ContractDocument): number {
  return isOpenRpc(document) ? document.methods.length : openApiOperations(document).length;
}
