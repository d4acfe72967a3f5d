// Where things live in an API's reference: its entry page (`leankit.html`: the introduction,
// servers and authentication), a tag's operations (`leankit-cards.html`, then
// `leankit-cards-2.html` when they take more than one page) and the named schemas
// (`leankit-schemas.html`, …). Inside a page, the routes are Redoc's: `#/cards/getcard`. Which
// page holds an operation the rendering decides (reference-page.ts); the search index asks it.

/** A tag's or an operation's route segment: lower case, spaces as hyphens. */
const routeSlug = (name: string): string => name.toLowerCase().replace(/\s+/g, "-");

/** A file-name-safe slug: lower case letters and digits, runs of anything else as one hyphen. */
const fileSlug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const stem = (page: string): string => page.replace(/\.html$/, "");

const numbered = (part: number) => (part > 1 ? `-${part}` : "");

/** Page `part` (from 1) of a tag's operations, beside the API's entry page `page`. */
export const tagPage = (page: string, tag: string, part: number): string =>
  `${stem(page)}-${fileSlug(tag)}${numbered(part)}.html`;

/** Page `part` (from 1) of the API's named schemas. */
export const schemasPage = (page: string, part: number): string => `${stem(page)}-schemas${numbered(part)}.html`;

export const tagRoute = (tag: string): string => `/${routeSlug(tag)}`;
export const operationRoute = (tag: string, operationId: string): string =>
  `/${routeSlug(tag)}/${routeSlug(operationId)}`;
export const schemaRoute = (name: string): string => `/schemas/${routeSlug(name)}`;
