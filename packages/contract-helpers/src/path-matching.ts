// The top-level `x-path-matching` extension: how the API's server matches a request path to
// the contract's path templates, where it is more lenient than an exact match. Absent, matching
// is exact. The mock routes by it and the contract checker maps recorded URLs to operations by it.
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

/** A path template as a pattern for request paths: each `{parameter}` one non-empty segment. */
export function pathPattern(template: string, matching: PathMatching): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}${matching.trailingSlash ? "/?" : ""}$`, matching.caseInsensitive ? "i" : "");
}
