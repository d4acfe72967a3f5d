// Where things live in an API's reference: its entry page (`leankit.html`: the introduction,
// servers and authentication), one page per tag (`leankit-cards.html`) and one for the named
// schemas (`leankit-schemas.html`). Inside a page, the routes are Redoc's: `#/cards/getcard`.
// The pages, the sidebar and the search index all take their links from here.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A tag's or an operation's route segment: lower case, spaces as hyphens. */
export const routeSlug = (name: string): string => name.toLowerCase().replace(/\s+/g, "-");

/** A file-name-safe slug: lower case letters and digits, runs of anything else as one hyphen. */
const fileSlug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const stem = (page: string): string => page.replace(/\.html$/, "");

/** The page of a tag's operations, beside the API's entry page `page`. */
export const tagPage = (page: string, tag: string): string => `${stem(page)}-${fileSlug(tag)}.html`;

/** The page of the API's named schemas. */
export const schemasPage = (page: string): string => `${stem(page)}-schemas.html`;

export const tagRoute = (tag: string): string => `/${routeSlug(tag)}`;
export const operationRoute = (tag: string, operationId: string): string =>
  `/${routeSlug(tag)}/${routeSlug(operationId)}`;
export const schemaRoute = (name: string): string => `/schemas/${routeSlug(name)}`;

/** The link to an operation (or method) from anywhere in the site. */
export const operationHref = (page: string, tag: string, operationId: string): string =>
  `${tagPage(page, tag)}#${operationRoute(tag, operationId)}`;

/** The link to a named schema from anywhere in the site. */
export const schemaHref = (page: string, name: string): string => `${schemasPage(page)}#${schemaRoute(name)}`;

/** The pages of a built reference (in `dist`) whose entry page is `page`: it first, then every page its sidebar links. */
export function builtReferencePages(dist: string, page: string): string[] {
  const html = readFileSync(join(dist, page), "utf8");
  const start = html.indexOf('<nav class="ref-menu"');
  const menu = html.slice(start, html.indexOf("</nav>", start));
  const linked = [...menu.matchAll(/href="([^"#]+\.html)/g)].map((match) => match[1]!);
  return [...new Set([page, ...linked])];
}
