// The OpenRPC reference page, rendered statically from the document: every method with
// its aliases, params, result, errors and examples, grouped by tag, then the schemas and
// the error objects. Works offline: no script, no external resource.
import { escapeHtml, pageShell } from "./layout.mjs";

const refName = (ref) => ref.split("/").at(-1);
const anchor = (kind, name) => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** Inline markdown of the document's descriptions: `code` and **bold**; paragraphs by blank lines. */
function prose(text = "") {
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

/** A short, linked rendering of a schema's type. */
function typeOf(schema = {}) {
  if (schema.$ref) return `<a href="#${anchor("schema", refName(schema.$ref))}">${escapeHtml(refName(schema.$ref))}</a>`;
  for (const key of ["oneOf", "anyOf"]) if (schema[key]) return schema[key].map(typeOf).join(" | ");
  if (schema.enum) return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(" | ");
  const types = [schema.type ?? "any"].flat();
  return types.map((t) => (t === "array" ? `${typeOf(schema.items)}[]` : escapeHtml(t))).join(" | ");
}

const json = (value) => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

function renderMethod(method, deref) {
  const params = method.params.map(deref);
  const errors = (method.errors ?? []).map(deref);
  const rows = params
    .map(
      (p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${typeOf(p.schema)}</td><td>${p.required ? "required" : "optional"}</td>` +
        `<td>${p.schema?.default !== undefined ? `<code>${escapeHtml(JSON.stringify(p.schema.default))}</code>` : ""}</td><td>${escapeHtml(p.description ?? "")}</td></tr>`,
    )
    .join("\n");
  const result = method.result ? deref(method.result) : undefined;
  const examples = (method.examples ?? []).map(deref).map(
    (e) => `<h4>Example: ${escapeHtml(e.name)}</h4>${json({ jsonrpc: "2.0", method: method.name, id: 1, params: Object.fromEntries(e.params.map((p) => [p.name, p.value])) })}` +
      `${e.result ? json({ jsonrpc: "2.0", result: e.result.value, id: 1 }) : ""}`,
  );
  return `<section class="method" id="${anchor("method", method.name)}">
      <h3><code>${escapeHtml(method.name)}</code></h3>
      <p><strong>${escapeHtml(method.summary ?? "")}</strong></p>
      ${prose(method.description)}
      ${method["x-aliases"]?.length ? `<p class="muted">Also callable as ${method["x-aliases"].map((a) => `<code>${escapeHtml(a)}</code>`).join(", ")}.</p>` : ""}
      <h4>Params</h4>
      ${params.length ? `<table><tr><th>name</th><th>type</th><th></th><th>default</th><th>description</th></tr>\n${rows}</table>` : "<p>None.</p>"}
      <h4>Result</h4>
      <p>${result ? `<code>${escapeHtml(result.name)}</code>: ${typeOf(result.schema)}` : "None."}</p>
      <h4>Errors</h4>
      <p>${errors.map((e) => `<code>${e.code}</code> ${escapeHtml(e.message)}`).join("; ")}</p>
      ${examples.join("\n")}
    </section>`;
}

export function renderOpenRpcPage(api) {
  const { spec } = api;
  const deref = (node) => (node?.$ref ? node.$ref.slice(2).split("/").reduce((n, k) => n[k], spec) : node);
  const groups = new Map();
  for (const method of spec.methods) {
    const tag = method.tags?.[0]?.name ?? "Other";
    groups.set(tag, [...(groups.get(tag) ?? []), method]);
  }
  const toc = [...groups]
    .map(([tag, methods]) => `<li><a href="#${anchor("tag", tag)}">${escapeHtml(tag)}</a> (${methods.length})</li>`)
    .join("\n");
  const sections = [...groups]
    .map(([tag, methods]) => `<h2 id="${anchor("tag", tag)}">${escapeHtml(tag)}</h2>\n${methods.map((m) => renderMethod(m, deref)).join("\n")}`)
    .join("\n");
  const schemas = Object.entries(spec.components?.schemas ?? {})
    .map(([name, schema]) => `<details id="${anchor("schema", name)}"><summary><code>${escapeHtml(name)}</code></summary>${json(schema)}</details>`)
    .join("\n");
  const errors = Object.entries(spec.components?.errors ?? {})
    .map(([name, e]) => `<tr><td>${escapeHtml(name)}</td><td><code>${e.code}</code></td><td>${escapeHtml(e.message)}</td></tr>`)
    .join("\n");
  const servers = spec.servers.map((s) => `<li><code>${escapeHtml(s.url)}</code> ${escapeHtml(s.summary ?? s.name ?? "")}</li>`).join("\n");
  return pageShell({
    title: `${spec.info.title} reference`,
    current: api.page,
    body: `    <h1>${escapeHtml(spec.info.title)} <small>v${escapeHtml(spec.info.version)} (OpenRPC ${escapeHtml(spec.openrpc)})</small></h1>
    <p class="muted">Contract last changed ${escapeHtml(api.date)}. ${spec.methods.length} methods.</p>
    <h2>Servers</h2><ul>${servers}</ul>
    ${prose(spec.info.description)}
    <h2>Contents</h2><ul>${toc}<li><a href="#schemas">Schemas</a></li><li><a href="#errors">Error objects</a></li></ul>
    ${sections}
    <h2 id="schemas">Schemas</h2>
    ${schemas}
    <h2 id="errors">Error objects</h2>
    <table><tr><th>name</th><th>code</th><th>message</th></tr>${errors}</table>`,
  });
}
