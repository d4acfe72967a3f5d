// The landing page: what each API is, where it lives, how it authenticates, and links
// to its reference and quick start. Everything on it is read from the contracts.
import { operationsOf } from "./apis.mjs";
import { escapeHtml, pageShell } from "./layout.mjs";

function authSummary(spec) {
  const schemes = spec["x-security"] ? [spec["x-security"]] : Object.values(spec.components?.securitySchemes ?? {});
  return schemes
    .map((s) => {
      if (s.type === "http") return `HTTP ${s.scheme[0].toUpperCase()}${s.scheme.slice(1)}`;
      if (s.type === "apiKey") return `API key in the ${s.in} (${s.name})`;
      return s.type;
    })
    .join(" or ");
}

function operationCount(api) {
  if (api.kind === "openrpc") return api.spec.methods.length;
  return operationsOf(api.spec).length;
}

/** @param {{ title: string, kind: string, page: string, quickstart: string, spec: any, version: string, date: string, auth?: string }[]} apis */
export function renderLanding(apis) {
  const sections = apis
    .map((api) => {
      const { spec } = api;
      const [live, mock] = spec.servers;
      return `    <section class="api">
      <h2><a href="${api.page}">${escapeHtml(spec.info.title)}</a> <small>contract v${escapeHtml(api.version)}, ${escapeHtml(api.date)}</small></h2>
      <p>${escapeHtml(spec.info.summary ?? spec.info["x-summary"] ?? "")}</p>
      <dl>
        <dt>Base URL</dt><dd><code>${escapeHtml(live.url)}</code></dd>
        <dt>Local mock</dt><dd><code>${escapeHtml(mock?.url ?? "")}</code></dd>
        <dt>Authentication</dt><dd>${escapeHtml(api.auth ?? authSummary(spec))}</dd>
        <dt>${api.kind === "openrpc" ? "Methods" : "Operations"}</dt><dd>${operationCount(api)}</dd>
      </dl>
      <p><a href="${api.page}">Reference</a> · <a href="${api.quickstart}">Client quick start</a></p>
    </section>`;
    })
    .join("\n");
  return pageShell({
    title: "API references",
    current: "index.html",
    body: `    <h1>leanapis</h1>
    <p>Contracts, typed clients and mocks for the Lean family of work-management APIs.
    Every page here is built from the contracts in <code>specs/</code>; the reference pages
    list the local mock as a server, so their examples point at <code>npm start</code>'s mocks.</p>
${sections}`,
  });
}
