// The landing page: what each API is, where it lives, how it authenticates, and a link
// to its reference. Everything on it is read from the contracts themselves.

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function authSummary(spec) {
  const schemes = Object.values(spec.components?.securitySchemes ?? {});
  return schemes
    .map((s) => (s.type === "http" ? `HTTP ${s.scheme[0].toUpperCase()}${s.scheme.slice(1)}` : s.type))
    .join(" or ");
}

/** @param {{ spec: any, page: string }[]} apis */
export function renderLanding(apis) {
  const sections = apis
    .map(({ spec, page }) => {
      const [live, mock] = spec.servers;
      return `
    <section class="api">
      <h2><a href="${page}">${escape(spec.info.title)}</a> <small>v${escape(spec.info.version)}</small></h2>
      <p>${escape(spec.info.summary ?? "")}</p>
      <dl>
        <dt>Base URL</dt><dd><code>${escape(live.url)}</code></dd>
        <dt>Local mock</dt><dd><code>${escape(mock?.url ?? "")}</code></dd>
        <dt>Authentication</dt><dd>${escape(authSummary(spec))}</dd>
        <dt>Operations</dt><dd>${Object.values(spec.paths).flatMap((item) => Object.keys(item)).length}</dd>
      </dl>
      <p><a href="${page}">Read the ${escape(spec.info.title)} reference →</a></p>
    </section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>leanapis — API references</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1f2933; }
    h1 { margin-bottom: 0; } .api { border-top: 1px solid #d9e2ec; padding: 1rem 0; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } dt { font-weight: 600; }
    small { color: #616e7c; font-weight: normal; } code { background: #f0f4f8; padding: 0 .25rem; }
  </style>
</head>
<body>
  <h1>leanapis</h1>
  <p>Contracts, typed clients and mocks for the Lean family of work-management APIs.</p>
${sections}
</body>
</html>
`;
}
