// The top-level `x-path-matching` extension: how the API's server matches a request path to
// the contract's path templates, where it is more lenient than an exact match. Absent, matching
// is exact. The mock routes by it and the contract checker maps recorded URLs to operations by it.
// Below it, how a URL template (a path, a server URL) is read: the tooling's one reader of
// `{parameter}` (the clients, which ship without this package, keep their own).
//
//   x-path-matching:
//     literals: case-insensitive   # literal segments in any case (parameter values keep theirs)
//     trailingSlash: optional      # `/io/board/` is `/io/board`
import type { OpenApiDocument } from "./documents.js";

export interface PathMatching {
  /** Literal segments match in any case; parameter values are never changed. */
  caseInsensitive: boolean;
  /** One trailing slash after the path is ignored. */
  trailingSlash: boolean;
}

const LITERALS = ["case-sensitive", "case-insensitive"] as const;
const TRAILING_SLASH = ["strict", "optional"] as const;

function pick<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (value === undefined) return allowed[0]!;
  if (allowed.includes(value as T)) return value as T;
  throw new Error(`x-path-matching.${name} is ${JSON.stringify(value)}; use one of ${allowed.join(", ")}`);
}

/** The document's `x-path-matching`, checked; exact matching when it has none. */
export function pathMatching(document: OpenApiDocument): PathMatching {
  const declared = (document as { "x-path-matching"?: unknown })["x-path-matching"] ?? {};
  if (typeof declared !== "object" || declared === null || Array.isArray(declared))
    throw new Error("x-path-matching must be an object with `literals` and `trailingSlash`");
  const { literals, trailingSlash, ...unknown } = declared as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) throw new Error(`x-path-matching has unknown members: ${extra.join(", ")}`);
  return {
    caseInsensitive: pick(literals, LITERALS, "literals") === "case-insensitive",
    trailingSlash: pick(trailingSlash, TRAILING_SLASH, "trailingSlash") === "optional",
  };
}

/** A URL template's literal text and its `{parameters}`, in order (OpenAPI path templating; server URLs alike). */
function templateParts(template: string): (string | { parameter: string })[] {
  return template.split(/\{([^{}]+)\}/).map((part, i) => (i % 2 === 1 ? { parameter: part } : part));
}

/** The `{parameters}` of a URL template, in order. */
export function templateParameters(template: string): string[] {
  return templateParts(template).flatMap((part) => (typeof part === "string" ? [] : [part.parameter]));
}

/** `template` with each `{parameter}` replaced by `fill(parameter)`. */
export function fillTemplate(template: string, fill: (parameter: string) => string): string {
  return templateParts(template)
    .map((part) => (typeof part === "string" ? part : fill(part.parameter)))
    .join("");
}

/** A path template as a pattern for request paths: each `{parameter}` one non-empty segment. */
export function pathPattern(template: string, matching: PathMatching): RegExp {
  const source = templateParts(template)
    .map((part) => (typeof part === "string" ? part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "[^/]+"))
    .join("");
  return new RegExp(`^${source}${matching.trailingSlash ? "/?" : ""}$`, matching.caseInsensitive ? "i" : "");
}
