// The OpenRPC reference page, rendered statically from the document: every method with
// its aliases, params, result, errors and examples, grouped by tag, then the schemas and
// the error objects. Works offline: no script, no external resource.
import {
  type ContentDescriptorObject,
  deref,
  type ExamplePairingObject,
  type MethodObject,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import type { BuiltApi } from "./apis.js";
import { escapeHtml, type NavLink, pageShell } from "./layout.js";
import type { OperationSamples } from "./samples.js";

type Schema = ContentDescriptorObject["schema"];
/** What a schema's `items` may hold: one schema, or (draft-07 tuples) a list of them. */
type Items = Exclude<Schema, boolean>["items"];
type ExampleObject = Exclude<ExamplePairingObject["params"][number], { $ref: string }>;
type TagObject = Exclude<NonNullable<MethodObject["tags"]>[number], { $ref: string }>;

const refName = (ref: string): string => ref.split("/").at(-1) ?? ref;
const anchor = (kind: string, name: string): string => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** Inline markdown of the document's descriptions: `code` and **bold**; paragraphs by blank lines. */
function prose(text = ""): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => {
      const html = escapeHtml(paragraph.trim())
        .replace(/`([^`]+)`/g, "<code>$1</code>")
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
      return html ? `<p>${html}</p>` : "";
    })
    .join("\n");
}

/** A short, linked rendering of a schema's type (a boolean schema or a tuple reads as any). */
function typeOf(schema: Items = {}): string {
  if (typeof schema !== "object" || Array.isArray(schema)) return "any";
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return `<a href="#${anchor("schema", name)}">${escapeHtml(name)}</a>`;
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const choices = schema[key];
    if (choices) return choices.map((choice) => typeOf(choice)).join(" | ");
  }
  if (schema.enum) return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(" | ");
  const types = [schema.type ?? "any"].flat();
  return types.map((t) => (t === "array" ? `${typeOf(schema.items)}[]` : escapeHtml(t))).join(" | ");
}

const json = (value: unknown): string => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

/** Follows a local `$ref` of the document; a dangling one is a broken contract, not a page to render. */
function resolver(document: OpenRpcDocument) {
  return <T>(node: T | { $ref: string }): T => {
    const target = deref<T>(document, node);
    if (target === undefined) {
      throw new Error(`Unresolvable reference in ${document.info.title}: ${JSON.stringify(node)}`);
    }
    return target;
  };
}

type Resolve = ReturnType<typeof resolver>;

function paramRow(p: ContentDescriptorObject): string {
  const fallback = typeof p.schema === "object" ? p.schema.default : undefined;
  return (
    `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${typeOf(p.schema)}</td>` +
    `<td>${p.required ? "required" : "optional"}</td>` +
    `<td>${fallback !== undefined ? `<code>${escapeHtml(JSON.stringify(fallback))}</code>` : ""}</td>` +
    `<td>${escapeHtml(p.description ?? "")}</td></tr>`
  );
}

function renderExample(method: MethodObject, example: ExamplePairingObject, resolve: Resolve): string {
  const params = example.params.map((p) => resolve<ExampleObject>(p));
  const byName = Object.fromEntries(params.map((p) => [p.name, p.value]));
  const request = { jsonrpc: "2.0", method: method.name, id: 1, params: byName };
  const result = example.result ? resolve<ExampleObject>(example.result) : undefined;
  const response = result ? json({ jsonrpc: "2.0", result: result.value, id: 1 }) : "";
  return `<h4>Example: ${escapeHtml(example.name)}</h4>${json(request)}${response}`;
}

function renderSamples(samples: OperationSamples | undefined): string {
  if (!samples) return "";
  const block = (label: string, code: string) => `<h4>${label}</h4><pre><code>${escapeHtml(code)}</code></pre>`;
  return block("curl", samples.curl) + block("Client", samples.client);
}

function renderMethod(method: MethodObject, resolve: Resolve, samples: OperationSamples | undefined): string {
  const params = method.params.map((p) => resolve<ContentDescriptorObject>(p));
  const errors = (method.errors ?? []).map((e) => resolve<OpenRpcErrorObject>(e));
  const rows = params.map(paramRow).join("\n");
  const result = method.result ? resolve<ContentDescriptorObject>(method.result) : undefined;
  const examples = (method.examples ?? []).map((e) => renderExample(method, resolve<ExamplePairingObject>(e), resolve));
  const aliases: string[] = method["x-aliases"] ?? [];
  const aliasList = aliases.map((a) => `<code>${escapeHtml(a)}</code>`).join(", ");
  const header = "<tr><th>name</th><th>type</th><th></th><th>default</th><th>description</th></tr>";
  return `<section class="method" id="${anchor("method", method.name)}">
      <h3><code>${escapeHtml(method.name)}</code></h3>
      <p><strong>${escapeHtml(method.summary ?? "")}</strong></p>
      ${prose(method.description)}
      ${aliases.length ? `<p class="muted">Also callable as ${aliasList}.</p>` : ""}
      <h4>Params</h4>
      ${params.length ? `<table>${header}\n${rows}</table>` : "<p>None.</p>"}
      <h4>Result</h4>
      <p>${result ? `<code>${escapeHtml(result.name)}</code>: ${typeOf(result.schema)}` : "None."}</p>
      <h4>Errors</h4>
      <p>${errors.map((e) => `<code>${e.code}</code> ${escapeHtml(e.message)}`).join("; ")}</p>
      ${examples.join("\n")}
      ${renderSamples(samples)}
    </section>`;
}

export function renderOpenRpcPage(
  built: BuiltApi<OpenRpcDocument>,
  nav: readonly NavLink[],
  samples: readonly OperationSamples[],
): string {
  const { page, document, date } = built;
  const resolve = resolver(document);
  const methods = openRpcMethods(document);
  const groups = new Map<string, MethodObject[]>();
  for (const method of methods) {
    const first = method.tags?.[0];
    const tag = first ? resolve<TagObject>(first).name : "Other";
    groups.set(tag, [...(groups.get(tag) ?? []), method]);
  }
  const toc = [...groups]
    .map(([tag, members]) => `<li><a href="#${anchor("tag", tag)}">${escapeHtml(tag)}</a> (${members.length})</li>`)
    .join("\n");
  const sections = [...groups]
    .map(([tag, members]) => {
      const rendered = members
        .map((m) =>
          renderMethod(
            m,
            resolve,
            samples.find((s) => s.id === m.name),
          ),
        )
        .join("\n");
      return `<h2 id="${anchor("tag", tag)}">${escapeHtml(tag)}</h2>\n${rendered}`;
    })
    .join("\n");
  const schemas = Object.entries<Schema>(document.components?.schemas ?? {})
    .map(([name, schema]) => {
      const summary = `<summary><code>${escapeHtml(name)}</code></summary>`;
      return `<details id="${anchor("schema", name)}">${summary}${json(schema)}</details>`;
    })
    .join("\n");
  const errors = Object.entries<OpenRpcErrorObject>(document.components?.errors ?? {})
    .map(([name, e]) => {
      return `<tr><td>${escapeHtml(name)}</td><td><code>${e.code}</code></td><td>${escapeHtml(e.message)}</td></tr>`;
    })
    .join("\n");
  const servers = (document.servers ?? [])
    .map((s) => `<li><code>${escapeHtml(s.url)}</code> ${escapeHtml(s.summary ?? s.name ?? "")}</li>`)
    .join("\n");
  const { info } = document;
  const version = `v${escapeHtml(info.version)} (OpenRPC ${escapeHtml(document.openrpc)})`;
  return pageShell({
    title: `${info.title} reference`,
    current: page,
    nav,
    body: `    <h1>${escapeHtml(info.title)} <small>${version}</small></h1>
    <p class="muted">Contract last changed ${escapeHtml(date)}. ${methods.length} methods.</p>
    <h2>Servers</h2><ul>${servers}</ul>
    ${prose(info.description)}
    <h2>Contents</h2><ul>${toc}<li><a href="#schemas">Schemas</a></li><li><a href="#errors">Error objects</a></li></ul>
    ${sections}
    <h2 id="schemas">Schemas</h2>
    ${schemas}
    <h2 id="errors">Error objects</h2>
    <table><tr><th>name</th><th>code</th><th>message</th></tr>${errors}</table>`,
  });
}
