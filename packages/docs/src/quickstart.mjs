// A client quick start page: the snippet file as it is type-checked in the build.
import { escapeHtml, pageShell } from "./layout.mjs";

export function renderQuickstart(api, snippet) {
  return pageShell({
    title: `${api.title} client quick start`,
    current: api.quickstart,
    body: `    <h1>${escapeHtml(api.title)} client quick start</h1>
    <p>Install the clients package and import <code>${escapeHtml(api.client)}</code>. This code is
    compiled against the client in every build, so it stays correct as the contract changes.
    Against the local mock, use <code>baseUrl: "${escapeHtml(api.spec.servers[1]?.url ?? "")}"</code>.</p>
    <pre><code class="language-ts">${escapeHtml(snippet)}</code></pre>
    <p>Full reference: <a href="${api.page}">${escapeHtml(api.spec.info.title)}</a>.</p>`,
  });
}
