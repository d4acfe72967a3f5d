// Walking a contract: the operations of an OpenAPI document, the methods of an OpenRPC one.
import {
  type ContractDocument,
  isOpenRpc,
  type MethodObject,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenRpcDocument,
} from "./documents.js";
import { deref } from "./pointer.js";

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
}

/** Every operation, in document order. */
export function openApiOperations(document: OpenApiDocument): OpenApiOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) => {
    if (!item) return [];
    const shared = (item.parameters ?? []).map((p) => deref<OpenAPIV3_1.ParameterObject>(document, p)!);
    return HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const own = (operation.parameters ?? []).map((p) => deref<OpenAPIV3_1.ParameterObject>(document, p)!);
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      return [{ path, method, operation, parameters }];
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
