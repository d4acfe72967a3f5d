// The landing page: what each API is, where it lives, how it authenticates, and links
// to its reference and quick start. Everything on it is read from the contracts and the registry.
import { type ContractDocument, deref, isOpenRpc, type OpenAPIV3_1, operationCount } from "@leanapis/contract-helpers";
import { type BuiltApi, mockUrl } from "./apis.js";
import { escapeHtml, type NavLink, pageShell } from "./layout.js";

type SecurityScheme = OpenAPIV3_1.SecuritySchemeObject;

/** OpenRPC has no security objects: the contract states its scheme in `x-security`, shaped like OpenAPI's. */
function securitySchemes(document: ContractDocument): SecurityScheme[] {
  if (isOpenRpc(document)) {
    const scheme: SecurityScheme | undefined = document["x-security"];
    return scheme ? [scheme] : [];
  }
  return Object.values(document.components?.securitySchemes ?? {}).flatMap((scheme) => {
    const resolved = deref<SecurityScheme>(document, scheme);
    return resolved ? [resolved] : [];
  });
}

/** Each way to authenticate once: several schemes of one kind (Leanmote's three Bearer tokens) read as one. */
function authSummary(document: ContractDocument): string {
  const kinds = securitySchemes(document).map((s) => {
    if (s.type === "http") return `HTTP ${s.scheme.charAt(0).toUpperCase()}${s.scheme.slice(1)}`;
    if (s.type === "apiKey") return `API key in the ${s.in} (${s.name})`;
    return s.type;
  });
  return [...new Set(kinds)].join(" or ");
}

/** The one-line summary: OpenAPI 3.1's `info.summary`; OpenRPC has none, so its contracts carry `x-summary`. */
function summaryOf(document: ContractDocument): string {
  const summary: unknown = isOpenRpc(document) ? document.info["x-summary"] : document.info.summary;
  return typeof summary === "string" ? summary : "";
}

export function renderLanding(apis: readonly BuiltApi[], nav: readonly NavLink[]): string {
  const sections = apis
    .map(({ api, page, quickstart, document, date }) => {
      const links = [`<a href="${page}">Reference</a>`];
      if (quickstart) links.push(`<a href="${quickstart.page}">Client quick start</a>`);
      const { title, version } = document.info;
      const contract = `contract v${escapeHtml(version)}, ${escapeHtml(date)}`;
      return `    <section class="api">
      <h2><a href="${page}">${escapeHtml(title)}</a> <small>${contract}</small></h2>
      <p>${escapeHtml(summaryOf(document))}</p>
      <dl>
        <dt>Base URL</dt><dd><code>${escapeHtml(document.servers?.[0]?.url ?? "")}</code></dd>
        <dt>Local mock</dt><dd><code>${escapeHtml(mockUrl(api))}</code></dd>
        <dt>Authentication</dt><dd>${escapeHtml(authSummary(document))}</dd>
        <dt>${api.kind === "openrpc" ? "Methods" : "Operations"}</dt><dd>${operationCount(document)}</dd>
      </dl>
      <p>${links.join(" · ")}</p>
    </section>`;
    })
    .join("\n");
  return pageShell({
    title: "API references",
    current: "index.html",
    nav,
    body: `    <h1>leanapis</h1>
    <p>Contracts, typed clients and mocks for the Lean family of work-management APIs.
    Every page here is built from the contracts in <code>specs/</code>; the reference pages
    list the local mock as a server, so their examples point at <code>npm start</code>'s mocks.</p>
${sections}`,
  });
}
