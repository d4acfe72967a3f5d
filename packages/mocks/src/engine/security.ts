// Whether a request carries the credentials an operation requires: any one of its security
// requirements, each met when all its schemes are (OpenAPI's OR of ANDs).
import type { OpenAPIV3_1, OpenApiDocument } from "@leanapis/contract-helpers";
import { headerValue, type MockRequest } from "./exchange.js";

type Scheme = OpenAPIV3_1.SecuritySchemeObject;

/** The credential a scheme finds in the request, or undefined. */
export function credentialFor(request: MockRequest, scheme: Scheme): string | undefined {
  if (scheme.type === "http") {
    const [kind, value] = (headerValue(request.headers, "authorization") ?? "").split(/\s+/, 2);
    if (kind?.toLowerCase() !== scheme.scheme.toLowerCase() || !value) return undefined;
    if (scheme.scheme.toLowerCase() === "basic" && !Buffer.from(value, "base64").toString("utf8").includes(":"))
      return undefined;
    return value;
  }
  if (scheme.type === "apiKey") {
    if (scheme.in === "query") return request.query.get(scheme.name) || undefined;
    if (scheme.in === "header") return headerValue(request.headers, scheme.name) || undefined;
    const cookie = (headerValue(request.headers, "cookie") ?? "")
      .split(/;\s*/)
      .find((c) => c.startsWith(`${scheme.name}=`));
    return cookie?.slice(scheme.name.length + 1) || undefined;
  }
  return undefined;
}

/** The requirements that apply to an operation: its own, else the document's. */
export function requirementsOf(
  document: OpenApiDocument,
  operation: OpenAPIV3_1.OperationObject,
): Record<string, string[]>[] {
  return operation.security ?? document.security ?? [];
}

/** The credentials of the first requirement the request meets, by scheme name; undefined when it meets none. */
export function satisfiedRequirement(
  document: OpenApiDocument,
  requirements: Record<string, string[]>[],
  request: MockRequest,
): Record<string, string> | undefined {
  if (requirements.length === 0) return {};
  const schemes = document.components?.securitySchemes ?? {};
  for (const requirement of requirements) {
    const found: Record<string, string> = {};
    const met = Object.keys(requirement).every((name) => {
      const credential = credentialFor(request, schemes[name] as Scheme);
      if (credential !== undefined) found[name] = credential;
      return credential !== undefined;
    });
    if (met) return found;
  }
  return undefined;
}
