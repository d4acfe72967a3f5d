import { defaultPathSerializer } from "openapi-fetch";

// openapi-fetch's path serializer scans the template with a regular expression on every call.
// Here a template is split once, and each plain `{name}` given a string, number or boolean is
// filled in directly; anything else (label, matrix or exploded styles, arrays, objects, a
// missing value) goes to openapi-fetch's serializer, so the result is always the same as its.

type Part = string | { readonly name: string };

const PARAM = /\{([^{}]+)\}/g;
// Templates come from the contracts, but a caller may pass any string: the cache is bounded.
const MAX_TEMPLATES = 1_000;
const templates = new Map<string, readonly Part[] | null>();

/** The template's literal text and parameters, or null when one has a style of its own. */
function split(template: string): readonly Part[] | null {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PARAM)) {
    const name = match[1]!;
    if (name.startsWith(".") || name.startsWith(";") || name.endsWith("*")) return null;
    parts.push(template.slice(last, match.index), { name });
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

/** `template` with its path parameters filled in from `params`, as openapi-fetch does it. */
export function fillTemplate(template: string, params: Record<string, unknown>): string {
  let parts = templates.get(template);
  if (parts === undefined) {
    parts = split(template);
    if (templates.size < MAX_TEMPLATES) templates.set(template, parts);
  }
  if (parts === null) return defaultPathSerializer(template, params);
  let path = "";
  for (const part of parts) {
    if (typeof part === "string") {
      path += part;
      continue;
    }
    const value = params[part.name];
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
      return defaultPathSerializer(template, params);
    path += encodeURIComponent(value);
  }
  return path;
}

/**
 * A path serializer for a client of `baseUrl`. openapi-fetch hands it the base URL and the
 * template joined: the template is what is split and cached, so that the cache holds one
 * entry per path of the contract whatever the number of clients and base URLs.
 */
export function pathSerializerFor(baseUrl: string): (url: string, params: Record<string, unknown>) => string {
  // A base URL with braces of its own is filled in too, as openapi-fetch does.
  if (baseUrl.includes("{")) return defaultPathSerializer;
  return (url, params) =>
    url.startsWith(baseUrl)
      ? baseUrl + fillTemplate(url.slice(baseUrl.length), params)
      : defaultPathSerializer(url, params);
}
