// An API's reference, rendered at build time from the contract's OpenAPI view: an entry page
// (introduction, servers, authentication), then each tag's operations and the named schemas on
// pages of bounded size (reference-routes.ts names them), all with the same sidebar of every
// tag and operation. Per operation: its endpoint, description, parameters, request body,
// responses (schemas as tables, nested objects expandable, named schemas linked), labelled
// examples and code samples. The pages are complete as HTML; the one shared script
// (reference-script.js) only switches sample tabs, opens the phone menu and marks the location
// in the sidebar.
import { createHash } from "node:crypto";
import {
  deref,
  type HTTP_METHODS,
  isReference,
  type OpenAPIV3_1,
  type OpenApiDocument,
  openApiOperations,
} from "@leanapis/contract-helpers";
import { Marked } from "marked";
import { escapeHtml, HEAD_LINKS, type NavLink, navBar } from "./layout.js";
import { operationRoute, schemaRoute, schemasPage, tagPage, tagRoute } from "./reference-routes.js";

type Schema = OpenAPIV3_1.SchemaObject;
type Media = OpenAPIV3_1.MediaTypeObject;
type Operation = OpenAPIV3_1.OperationObject;
type Example = { summary?: string; description?: string; value?: unknown };
type CodeSample = { lang: string; label?: string; source: string };

const markdown = new Marked({ gfm: true, async: false });
const block = (text = ""): string => (text ? (markdown.parse(text) as string) : "");
const inline = (text = ""): string => (text ? (markdown.parseInline(text) as string) : "");

/** Text inside an element: only `&` and `<` need escaping (quotes in examples and samples stay as they are). */
const escapeText = (text: string): string => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");

const SCHEMA_REF = "#/components/schemas/";
/** A link to a named schema before its page is known (see `refLink`). */
const SCHEMA_LINK = /(?<=href=")\{\{schema:([^}"]*)\}\}(?=")/g;

/** How deep inline objects are shown open; deeper ones stay a click away. */
const OPEN_DEPTH = 2;

class Renderer {
  constructor(private readonly document: OpenApiDocument) {}

  resolve<T>(node: T | OpenAPIV3_1.ReferenceObject | undefined): T | undefined {
    return deref<T>(this.document, node);
  }

  /** The named schema a `$ref` points at, as a link to its section. */
  refLink(ref: string): string | undefined {
    if (!ref.startsWith(SCHEMA_REF)) return undefined;
    const name = ref.slice(SCHEMA_REF.length);
    // Where the schema's section lands is known once every page is packed: a placeholder until then.
    return `<a class="ref-type-link" href="{{schema:${name}}}">${escapeHtml(name)}</a>`;
  }

  /** A schema's type in a few words: `string <date-time>`, `array of Card`, `Card`. */
  typeOf(node: Schema | OpenAPIV3_1.ReferenceObject | undefined): string {
    if (!node) return "any";
    if (isReference(node)) return this.refLink(node.$ref) ?? this.typeOf(this.resolve<Schema>(node));
    const schema = node as Schema & { const?: unknown };
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives) return alternatives.map((s) => this.typeOf(s as Schema)).join(" or ");
    if (schema.allOf?.length === 1) return this.typeOf(schema.allOf[0] as Schema);
    const types = ([] as string[]).concat(
      (schema.type as string | string[] | undefined) ?? (schema.properties ? "object" : []),
    );
    const named = types.map((type) => {
      if (type === "array") {
        const items = (schema as OpenAPIV3_1.ArraySchemaObject).items;
        return `array of ${this.typeOf(items as Schema)}`;
      }
      const values = schema.additionalProperties;
      if (type === "object" && !schema.properties && typeof values === "object")
        return `map of ${this.typeOf(values as Schema)}`;
      return schema.format && type !== "null" ? `${type} &lt;${escapeHtml(schema.format)}&gt;` : type;
    });
    return named.join(" or ") || (schema.allOf ? "object" : "any");
  }

  /** The object schema's properties, `allOf` parts merged, refs of the parts followed. */
  properties(schema: Schema): { properties: Record<string, Schema>; required: Set<string> } {
    const properties: Record<string, Schema> = {};
    const required = new Set<string>();
    const merge = (node: Schema | OpenAPIV3_1.ReferenceObject | undefined, seen: Set<string>) => {
      if (!node) return;
      if (isReference(node)) {
        if (seen.has(node.$ref)) return;
        return merge(this.resolve<Schema>(node), new Set([...seen, node.$ref]));
      }
      for (const part of node.allOf ?? []) merge(part as Schema, seen);
      Object.assign(properties, node.properties ?? {});
      for (const name of node.required ?? []) required.add(name);
    };
    merge(schema, new Set());
    return { properties, required };
  }

  /** Constraints and examples under a property's description. */
  facts(schema: Schema & { const?: unknown }): string {
    const facts: string[] = [];
    const code = (value: unknown) => `<code>${escapeHtml(JSON.stringify(value))}</code>`;
    if (schema.const !== undefined) facts.push(`Always ${code(schema.const)}`);
    if (schema.enum) facts.push(`One of ${schema.enum.map(code).join(", ")}`);
    if (schema.default !== undefined) facts.push(`Default ${code(schema.default)}`);
    for (const key of ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern"] as const) {
      if (schema[key] !== undefined) facts.push(`${key} ${code(schema[key])}`);
    }
    const example = schema.examples?.[0] ?? schema.example;
    if (example !== undefined) facts.push(`Example ${code(example)}`);
    return facts.length ? `<p class="ref-facts">${facts.join(" · ")}</p>` : "";
  }

  /** What a property or body holds beyond its own row: its fields, items' fields or alternatives. */
  nested(node: Schema | OpenAPIV3_1.ReferenceObject | undefined, depth: number): string {
    if (!node || isReference(node)) return "";
    const schema = node as Schema;
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives) {
      const parts = alternatives.map((alternative, index) => {
        const resolved = this.resolve<Schema>(alternative as Schema);
        const title = resolved?.title ?? `Option ${index + 1}`;
        // A named schema is linked, not repeated.
        if (isReference(alternative) && this.refLink(alternative.$ref))
          return `<p class="ref-schema-type">${escapeHtml(title)}: ${this.typeOf(alternative as Schema)}</p>`;
        const body = this.fields(resolved, depth + 1);
        return body ? this.expandable(`${escapeHtml(title)}: ${this.typeOf(alternative as Schema)}`, body, depth) : "";
      });
      return parts.join("");
    }
    if (schema.type === "array") return this.nested((schema as OpenAPIV3_1.ArraySchemaObject).items as Schema, depth);
    const values = schema.additionalProperties;
    if (!schema.properties && typeof values === "object") return this.nested(values as Schema, depth);
    const fields = this.fields(schema, depth + 1);
    return fields ? this.expandable("Fields", fields, depth) : "";
  }

  expandable(label: string, body: string, depth: number): string {
    return `<details class="ref-nested"${depth < OPEN_DEPTH ? " open" : ""}><summary>${label}</summary>${body}</details>`;
  }

  /** An object's properties as a table; empty for a schema without any. */
  fields(schema: Schema | undefined, depth: number): string {
    if (!schema) return "";
    const { properties, required } = this.properties(schema);
    const rows = Object.entries(properties).map(([name, property]) => {
      const resolved = this.resolve<Schema>(property) ?? {};
      const flag = required.has(name) ? ' <span class="ref-required">required</span>' : "";
      const deprecated = resolved.deprecated ? ' <span class="ref-deprecated">deprecated</span>' : "";
      const description = inline((property as Schema).description ?? resolved.description);
      return `<tr class="ref-prop"><td><code>${escapeHtml(name)}</code>${flag}${deprecated}</td><td class="ref-type">${this.typeOf(property)}</td><td>${description}${this.facts(resolved)}${this.nested(property, depth)}</td></tr>`;
    });
    return rows.length ? `<table class="ref-props"><tbody>${rows.join("")}</tbody></table>` : "";
  }

  /** A body or response schema: its type, then its fields (a named schema is shown, not only linked). */
  body(node: Schema | OpenAPIV3_1.ReferenceObject | undefined): string {
    if (!node) return "";
    const resolved = this.resolve<Schema>(node);
    const direct = resolved && !resolved.oneOf && !resolved.anyOf ? this.fields(resolved, 1) : "";
    const rest = direct ? "" : this.nested(resolved, 0);
    return `<p class="ref-schema-type">Schema: ${this.typeOf(node)}</p>${direct}${rest}`;
  }

  examples(media: Media): string {
    const named = Object.entries(media.examples ?? {}).map(([name, node]) => {
      const example = this.resolve<Example>(node) ?? {};
      return { label: example.summary ?? name, value: example.value };
    });
    if (media.example !== undefined) named.unshift({ label: "Example", value: media.example });
    return named
      .map(
        ({ label, value }) =>
          `<figure class="ref-example"><figcaption>${escapeHtml(label)}</figcaption><pre><code>${escapeText(
            JSON.stringify(value, null, 2) ?? "",
          )}</code></pre></figure>`,
      )
      .join("");
  }

  /** A body's media types; `linkNamed`: a named schema only linked (an error's, shown alike everywhere). */
  content(content: Record<string, Media> | undefined, linkNamed = false): string {
    return Object.entries(content ?? {})
      .map(([type, media]) => {
        const schema = media.schema as Schema | OpenAPIV3_1.ReferenceObject | undefined;
        const shown =
          linkNamed && isReference(schema) && this.refLink(schema.$ref)
            ? `<p class="ref-schema-type">Schema: ${this.typeOf(schema)}</p>`
            : this.body(schema);
        return `<div class="ref-media"><p class="ref-media-type"><code>${escapeHtml(type)}</code></p>${shown}${this.examples(media)}</div>`;
      })
      .join("");
  }

  parameters(parameters: readonly OpenAPIV3_1.ParameterObject[]): string {
    if (!parameters.length) return "";
    const groups = ["path", "query", "header", "cookie"].flatMap((place) => {
      const here = parameters.filter((p) => p.in === place);
      if (!here.length) return [];
      const rows = here.map((parameter) => {
        const schema = (this.resolve<Schema>(parameter.schema as Schema) ?? {}) as Schema;
        const flag = parameter.required ? ' <span class="ref-required">required</span>' : "";
        const example = parameter.example !== undefined ? { ...schema, examples: [parameter.example] } : schema;
        return `<tr class="ref-prop"><td><code>${escapeHtml(parameter.name)}</code>${flag}</td><td class="ref-type">${this.typeOf(
          parameter.schema as Schema,
        )}</td><td>${inline(parameter.description)}${this.facts(example)}</td></tr>`;
      });
      return [
        `<h3>${place[0]!.toUpperCase()}${place.slice(1)} parameters</h3><table class="ref-props"><tbody>${rows.join("")}</tbody></table>`,
      ];
    });
    return groups.join("");
  }

  responses(responses: Operation["responses"]): string {
    return Object.entries(responses ?? {})
      .map(([status, node]) => {
        const response = this.resolve<OpenAPIV3_1.ResponseObject>(node) ?? { description: "" };
        const kind = status.startsWith("2")
          ? "ok"
          : status.startsWith("4") || status.startsWith("5")
            ? "error"
            : "other";
        return `<details class="ref-response"${kind === "ok" ? " open" : ""}><summary><span class="ref-status ref-status-${kind}">${escapeHtml(
          status,
        )}</span> ${inline(response.description)}</summary>${this.headers(response.headers, kind !== "ok")}${this.content(
          response.content as Record<string, Media>,
          kind === "error",
        )}</details>`;
      })
      .join("");
  }

  /** A response's headers: name, type and description; `namesOnly` for a failure's (the same headers as its success's, mostly). */
  headers(headers: OpenAPIV3_1.ResponseObject["headers"], namesOnly: boolean): string {
    const names = Object.keys(headers ?? {});
    if (namesOnly)
      return names.length
        ? `<p class="ref-schema-type">Headers: ${names.map((name) => `<code>${escapeHtml(name)}</code>`).join(", ")}</p>`
        : "";
    const rows = Object.entries(headers ?? {}).map(([name, node]) => {
      const header = this.resolve<OpenAPIV3_1.HeaderObject>(node) ?? {};
      return `<tr class="ref-prop"><td><code>${escapeHtml(name)}</code></td><td class="ref-type">${this.typeOf(
        header.schema as Schema,
      )}</td><td>${inline(header.description)}</td></tr>`;
    });
    return rows.length ? `<h4>Headers</h4><table class="ref-props"><tbody>${rows.join("")}</tbody></table>` : "";
  }

  samples(route: string, samples: readonly CodeSample[] | undefined): string {
    if (!samples?.length) return "";
    // Unique: the route is the operation's, and the build refuses a route twice.
    const id = `samples${route.replaceAll("/", "-")}`;
    const tabs = samples
      .map(
        (sample, index) =>
          `<button type="button" role="tab" id="${id}-tab${index}" aria-controls="${id}-panel${index}" aria-selected="${index === 0}">${escapeHtml(
            sample.label ?? sample.lang,
          )}</button>`,
      )
      .join("");
    const panels = samples
      .map(
        (sample, index) =>
          `<pre role="tabpanel" id="${id}-panel${index}" aria-labelledby="${id}-tab${index}"${index ? " hidden" : ""}><code>${escapeText(
            sample.source,
          )}</code></pre>`,
      )
      .join("");
    return `<div class="ref-samples"><h3>Request samples</h3><div role="tablist" aria-label="Request samples">${tabs}</div>${panels}</div>`;
  }

  security(operation: Operation): string {
    const requirements = operation.security ?? this.document.security ?? [];
    const names = requirements.map((requirement) => Object.keys(requirement).join(" and ")).filter(Boolean);
    return names.length ? `<p class="ref-auth">Authorization: ${names.map(escapeHtml).join(" or ")}</p>` : "";
  }

  operation(
    method: string,
    path: string,
    operation: Operation,
    route: string,
    parameters: readonly OpenAPIV3_1.ParameterObject[],
  ): string {
    const body = this.resolve<OpenAPIV3_1.RequestBodyObject>(operation.requestBody);
    const shown = path.replace(/#.*$/, "");
    const deprecated = operation.deprecated ? ' <span class="ref-deprecated">deprecated</span>' : "";
    return `<section class="ref-op" id="${escapeHtml(route)}" aria-labelledby="${escapeHtml(route)}-title">
<h2 id="${escapeHtml(route)}-title"><a class="ref-anchor" href="#${escapeHtml(route)}">${escapeHtml(operation.summary ?? operation.operationId ?? "")}</a>${deprecated}</h2>
<p class="ref-endpoint"><span class="ref-verb ref-verb-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(shown)}</code></p>
<div class="ref-op-body"><div class="ref-op-text">${block(operation.description)}${this.security(operation)}${this.parameters(parameters)}${
      body
        ? `<h3>Request body${body.required ? ' <span class="ref-required">required</span>' : ""}</h3>${inline(body.description)}${this.content(
            body.content as Record<string, Media>,
          )}`
        : ""
    }<h3>Responses</h3>${this.responses(operation.responses)}</div>
${this.samples(route, (operation as { "x-codeSamples"?: CodeSample[] })["x-codeSamples"])}</div>
</section>`;
  }
}

/** The shared script's file name: its content hash, so a changed script gets a new name. */
export const referenceScriptFile = (script: string): string =>
  `reference-${createHash("sha256").update(script).digest("hex").slice(0, 12)}.js`;

export interface ReferenceParts {
  /** The API's entry page (`leankit.html`), marked in the navigation bar on all its pages. */
  readonly page: string;
  readonly nav: readonly NavLink[];
  /** The shared script's URL, relative to the pages. */
  readonly script: string;
}

/** How much section HTML a page holds at most (an operation larger than this gets a page of its own). */
const PAGE_BYTES = 150_000;

/** Sections packed in order into pages of at most `PAGE_BYTES` of sections each (the sidebar and style come on top). */
function pack<T extends { html: string }>(sections: readonly T[]): T[][] {
  const parts: T[][] = [];
  let size = Number.POSITIVE_INFINITY;
  for (const section of sections) {
    if (size + section.html.length > PAGE_BYTES) {
      parts.push([]);
      size = 0;
    }
    parts.at(-1)!.push(section);
    size += section.html.length;
  }
  return parts;
}

export interface Reference {
  /** Every page: file name → HTML. */
  readonly pages: Map<string, string>;
  /** Where each operation is: operationId → `<file>#<route>`. */
  readonly hrefs: Map<string, string>;
}

/**
 * The reference for `document` (an OpenAPI view, with `x-codeSamples`): the entry page `page`,
 * each tag's operations on pages of at most `PAGE_BYTES` of sections, the named schemas likewise.
 */
export function renderReference(document: OpenApiDocument, { page, nav, script }: ReferenceParts): Reference {
  const renderer = new Renderer(document);
  const operations = openApiOperations(document);
  const tagOf = (operation: Operation) => operation.tags?.[0] ?? "Other";
  const declared = (document.tags ?? []).map((tag) => tag.name);
  const used = operations.map(({ operation }) => tagOf(operation));
  const tags = [...new Set([...declared.filter((tag) => used.includes(tag)), ...used])];
  const tagInfo = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  const info = document.info as OpenAPIV3_1.InfoObject & { summary?: string };

  // Every section rendered first, then packed into pages: where each lands is its link.
  const tagParts = tags.map((tag) => {
    const sections = operations
      .filter(({ operation }) => tagOf(operation) === tag)
      .map(({ method, path, operation, parameters }) => {
        const id = operation.operationId ?? "";
        const route = operationRoute(tag, id);
        return {
          id,
          method,
          summary: operation.summary ?? id,
          route,
          html: renderer.operation(method, path, operation, route, parameters),
        };
      });
    return {
      tag,
      parts: pack(sections).map((part, index) => ({ file: tagPage(page, tag, index + 1), sections: part })),
    };
  });
  const schemaParts = pack(
    // In alphabetical order, so that each part is a range of names ("Schemas: Account – CardType").
    Object.entries(document.components?.schemas ?? {})
      .sort(([a], [b]) => a.localeCompare(b, "en", { sensitivity: "base" }))
      .map(([name, schema]) => {
        const resolved = schema as Schema;
        const route = schemaRoute(name);
        const html = `<section class="ref-op ref-schema" id="${escapeHtml(route)}"><h2>${escapeHtml(name)}</h2>${block(
          resolved.description,
        )}${renderer.body(resolved)}</section>`;
        return { name, route, html };
      }),
  ).map((part, index) => ({ file: schemasPage(page, index + 1), sections: part }));

  const hrefs = new Map<string, string>();
  for (const { parts } of tagParts)
    for (const { file, sections } of parts)
      for (const { id, route } of sections) {
        if (hrefs.has(id)) throw new Error(`${info.title}: two operations have the id ${id}`);
        hrefs.set(id, `${file}#${route}`);
      }
  const schemaHrefs = new Map<string, string>();
  for (const { file, sections } of schemaParts)
    for (const { name, route } of sections) schemaHrefs.set(name, `${file}#${route}`);
  const linked = (html: string) =>
    html.replace(SCHEMA_LINK, (_, name: string) => {
      const href = schemaHrefs.get(name);
      if (href === undefined) throw new Error(`${info.title}: a link to the schema ${name}, which has no section`);
      return escapeHtml(href);
    });

  // The sidebar's parts, built once: every tag's operations, and the links to the schemas.
  const menuGroups = tagParts.map(({ tag, parts }) => ({
    summary: `<summary>${escapeHtml(tag)}</summary>`,
    tag,
    items: parts
      .flatMap(({ sections }) =>
        sections.map(
          ({ id, method, summary }) =>
            `<li><a href="${escapeHtml(hrefs.get(id)!)}"><span class="ref-verb ref-verb-${method}">${method.toUpperCase()}</span> ${escapeHtml(summary)}</a></li>`,
        ),
      )
      .join(""),
  }));
  const schemaLinks = schemaParts
    .map(({ file, sections }) => {
      const range = schemaParts.length > 1 ? `: ${sections[0]!.name} – ${sections.at(-1)!.name}` : "";
      return `<a class="ref-menu-top" href="${escapeHtml(file)}">Schemas${escapeHtml(range)}</a>`;
    })
    .join("\n");

  /** The sidebar: every tag and operation of the API, the group of the page's tag open. */
  const menu = (openTag: string | undefined) => {
    const groups = menuGroups.map(
      ({ summary, tag, items }) =>
        `<li><details${tag === openTag ? " open" : ""}>${summary}<ul>${items}</ul></details></li>`,
    );
    return `<nav class="ref-menu" id="ref-menu" aria-label="${escapeHtml(info.title)} operations">
      <a class="ref-menu-top" href="${escapeHtml(page)}">Introduction</a>
      <ul>${groups.join("\n")}</ul>
      ${schemaLinks}
    </nav>`;
  };

  const shell = (title: string, openTag: string | undefined, main: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${escapeHtml(title)} — leanapis</title>
  ${HEAD_LINKS}
  <style>${REFERENCE_STYLE}</style>
  <script src="${escapeHtml(script)}" defer></script>
</head>
<body>
  ${navBar(nav, page)}
  <div class="ref">
    ${menu(openTag)}
    <button type="button" class="ref-menu-button" aria-controls="ref-menu" aria-expanded="false">Menu</button>
    <main class="ref-main">
${linked(main)}
    </main>
  </div>
</body>
</html>
`;
  /** "(part 2 of 3)" when a tag or the schemas take several pages. */
  const partOf = (index: number, count: number) => (count > 1 ? ` (part ${index + 1} of ${count})` : "");
  /** Links to the other parts of a tag or of the schemas. */
  const partLinks = (files: readonly string[], current: number) =>
    files.length > 1
      ? `<p class="ref-parts">Parts: ${files
          .map((file, index) =>
            index === current ? `<strong>${index + 1}</strong>` : `<a href="${escapeHtml(file)}">${index + 1}</a>`,
          )
          .join(" ")}</p>`
      : "";

  const servers = (document.servers ?? [])
    .map((server) => `<li class="ref-server"><code>${escapeHtml(server.url)}</code> ${inline(server.description)}</li>`)
    .join("");
  const schemes = Object.entries(document.components?.securitySchemes ?? {})
    .map(([name, node]) => {
      const scheme = deref<OpenAPIV3_1.SecuritySchemeObject>(document, node);
      const kind =
        scheme?.type === "http"
          ? `HTTP ${(scheme as OpenAPIV3_1.HttpSecurityScheme).scheme}`
          : scheme?.type === "apiKey"
            ? `API key in the ${(scheme as OpenAPIV3_1.ApiKeySecurityScheme).in} (${(scheme as OpenAPIV3_1.ApiKeySecurityScheme).name})`
            : (scheme?.type ?? "");
      return `<dt><code>${escapeHtml(name)}</code></dt><dd>${escapeHtml(kind)}. ${inline(scheme?.description)}</dd>`;
    })
    .join("");
  const contents = tagParts
    .map(({ tag, parts }) => {
      const count = parts.reduce((sum, part) => sum + part.sections.length, 0);
      return `<dt><a href="${escapeHtml(parts[0]!.file)}">${escapeHtml(tag)}</a> <small>${count} operation${count === 1 ? "" : "s"}</small></dt><dd>${inline(
        tagInfo.get(tag)?.description,
      )}</dd>`;
    })
    .join("");

  const pages = new Map<string, string>();
  const add = (file: string, html: string) => {
    // A tag named "Schemas", or "Cards 2" beside a long "Cards", would take another page's name.
    if (pages.has(file)) throw new Error(`${info.title}: two reference pages would be ${file}`);
    pages.set(file, html);
  };
  add(
    page,
    shell(
      `${info.title} reference`,
      undefined,
      `<section class="ref-intro" id="/">
        <h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
        ${info.summary ? `<p class="ref-summary">${inline(info.summary)}</p>` : ""}
        ${block(info.description)}
        <h2>Servers</h2><ul class="ref-servers" aria-label="Servers">${servers}</ul>
        ${schemes ? `<h2>Authentication</h2><dl class="ref-schemes">${schemes}</dl>` : ""}
        <h2>Operations by tag</h2><dl class="ref-contents">${contents}</dl>
      </section>`,
    ),
  );
  /** The pages of one part list (a tag's operations, or the schemas), linked to each other. */
  const addParts = (
    parts: readonly { file: string; sections: readonly { html: string }[] }[],
    title: string,
    openTag: string | undefined,
    id: string,
    intro = "",
  ) => {
    const files = parts.map((part) => part.file);
    parts.forEach(({ file, sections }, index) => {
      const of = partOf(index, parts.length);
      const heading = `<h1>${escapeHtml(title)} <small>${escapeHtml(info.title)}${of}</small></h1>`;
      const body = sections.map((section) => section.html).join("\n");
      const links = partLinks(files, index);
      add(
        file,
        shell(
          `${info.title} reference: ${openTag ?? title.toLowerCase()}${of}`,
          openTag,
          `<section class="ref-tag" id="${escapeHtml(id)}">${heading}${index === 0 ? intro : ""}${links}\n${body}\n${links}</section>`,
        ),
      );
    });
  };
  for (const { tag, parts } of tagParts) addParts(parts, tag, tag, tagRoute(tag), block(tagInfo.get(tag)?.description));
  addParts(schemaParts, "Schemas", undefined, "/schemas");
  return { pages, hrefs };
}

/** Every HTTP verb's colour class exists, whichever the contract uses. */
const VERB_COLOURS: Record<(typeof HTTP_METHODS)[number], string> = {
  get: "#2f8132",
  post: "#186fa8",
  put: "#95507c",
  patch: "#7d4bab",
  delete: "#c33",
  options: "#555",
  head: "#555",
  trace: "#555",
};

const REFERENCE_STYLE = `
  :root { --fg: #1f2933; --muted: #616e7c; --bg: #fff; --panel: #f5f7fa; --line: #d9e2ec; --link: #0b5cad; --code: #f0f4f8; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e4e7eb; --muted: #9aa5b1; --bg: #12181f; --panel: #1b242e; --line: #323f4b; --link: #9fd3ff; --code: #1f2933; } }
  body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
  a { color: var(--link); }
  code { background: var(--code); padding: 0 .2rem; border-radius: 3px; overflow-wrap: anywhere; }
  pre { background: #102a43; color: #f0f4f8; padding: .75rem; border-radius: 4px; overflow-x: auto; font-size: 13px; margin: .25rem 0 .75rem; }
  pre code { background: none; padding: 0; overflow-wrap: normal; }
  table { border-collapse: collapse; }
  /* Tables written in descriptions scroll on their own; property tables wrap instead (a scroller each would cost layout). */
  .ref-main table:not(.ref-props) { display: block; overflow-x: auto; max-width: 100%; }
  .ref-props { width: 100%; table-layout: fixed; } .ref-props td { overflow-wrap: anywhere; }
  .ref-props td:first-child { width: 30%; } .ref-props td.ref-type { width: 20%; }
  td, th { border-top: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
  .ref { display: grid; grid-template-columns: 17rem minmax(0, 1fr); }
  .ref-menu { position: sticky; top: 0; align-self: start; height: 100vh; overflow-y: auto; box-sizing: border-box;
    padding: .75rem .5rem 2rem; background: var(--panel); border-right: 1px solid var(--line); font-size: 14px; }
  .ref-menu ul { list-style: none; margin: 0; padding: 0; } .ref-menu ul ul { padding-left: .5rem; }
  .ref-menu summary { cursor: pointer; padding: .3rem .25rem; font-weight: 600; }
  .ref-menu a { display: block; padding: .2rem .25rem; color: var(--fg); text-decoration: none; border-radius: 3px; }
  .ref-menu a:hover, .ref-menu a[aria-current="location"] { background: var(--line); }
  .ref-menu-top { font-weight: 600; }
  .ref-menu-button { display: none; }
  .ref-main { padding: 1rem 2rem 4rem; min-width: 0; overflow-wrap: anywhere; }
  .ref-intro, .ref-tag { max-width: 80rem; }
  .ref-contents dd { margin: 0 0 .5rem 1rem; }
  /* Sections off screen are laid out when they come near it: the browser's own, for long pages. */
  .ref-op { border-top: 1px solid var(--line); padding: .5rem 0 1rem; content-visibility: auto; contain-intrinsic-size: auto 900px; }
  .ref-op h2 a.ref-anchor { color: inherit; text-decoration: none; }
  .ref-op-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; }
  .ref-samples { position: sticky; top: .5rem; align-self: start; }
  .ref-samples [role=tablist] { display: flex; gap: .25rem; }
  .ref-samples [role=tab] { font: inherit; padding: .2rem .7rem; border: 1px solid var(--line); border-radius: 4px 4px 0 0;
    background: var(--panel); color: var(--fg); cursor: pointer; }
  .ref-samples [role=tab][aria-selected=true] { background: #102a43; color: #f0f4f8; border-color: #102a43; }
  .ref-endpoint code { font-size: 14px; }
  .ref-verb { display: inline-block; min-width: 3.2em; font: 600 11px/1.6 system-ui, sans-serif; text-transform: uppercase;
    color: #fff; text-align: center; border-radius: 3px; padding: 0 .25rem; margin-right: .25rem; }
  ${Object.entries(VERB_COLOURS)
    .map(([verb, colour]) => `.ref-verb-${verb} { background: ${colour}; }`)
    .join(" ")}
  .ref-required { color: #c33; font-size: 12px; } .ref-deprecated { color: #b26b00; font-size: 12px; }
  .ref-type { color: var(--muted); font-size: 13px; } .ref-facts, .ref-schema-type, .ref-auth { color: var(--muted); font-size: 13px; margin: .2rem 0; }
  .ref-props p { margin: .2rem 0; }
  .ref-nested > summary, .ref-response > summary { cursor: pointer; color: var(--muted); font-size: 13px; }
  .ref-nested { border-left: 2px solid var(--line); padding-left: .5rem; margin: .25rem 0; }
  .ref-response { margin: .4rem 0; } .ref-response > summary { color: var(--fg); font-size: 14px; }
  .ref-status { font-weight: 700; } .ref-status-ok { color: #2f8132; } .ref-status-error { color: #c33; }
  .ref-example figcaption { font-size: 13px; color: var(--muted); } .ref-example { margin: .5rem 0; }
  .ref-servers { padding-left: 1.25rem; } .ref-schemes dt { font-weight: 600; }
  @media (max-width: 1100px) { .ref-op-body { grid-template-columns: minmax(0, 1fr); } .ref-samples { position: static; } }
  @media (max-width: 800px) {
    .ref { grid-template-columns: minmax(0, 1fr); }
    /* A property's name, type and description one under the other: nested tables would not fit side by side. */
    .ref-props, .ref-props tbody, .ref-props tr, .ref-props td, .ref-props td:first-child, .ref-props td.ref-type { display: block; width: auto; }
    .ref-props tr { border-top: 1px solid var(--line); padding: .3rem 0; } .ref-props td { border: 0; padding: .1rem .25rem; }
    .ref-main { padding: .5rem 1rem 4rem; }
    .ref-menu { display: none; position: fixed; inset: 0 0 0 auto; width: min(20rem, 85vw); height: auto; z-index: 2000;
      box-shadow: -4px 0 16px rgba(0,0,0,.3); }
    .ref-menu.ref-open { display: block; }
    .ref-menu-button { display: block; position: fixed; right: 1rem; bottom: 1rem; z-index: 2001; font: 600 14px system-ui, sans-serif;
      padding: .6rem 1rem; border-radius: 2rem; border: 0; background: #102a43; color: #fff; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
  }`;
