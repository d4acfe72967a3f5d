// A client quick start page: the snippet file as it is type-checked in the build.
import { type BuiltApi, mockUrl } from "./apis.js";
import { escapeHtml, type NavLink, pageShell } from "./layout.js";

/** The quick-start page of `built`, which must have one. */
export function renderQuickstart(built: BuiltApi, snippet: string, nav: readonly NavLink[]): string {
  const { api, page, quickstart, document } = built;
  if (!quickstart) throw new Error(`${api.title} has no quick start (quickstart/${api.id}.ts).`);
  return pageShell({
    title: `${api.title} client quick start`,
    current: quickstart.page,
    nav,
    body: `    <h1>${escapeHtml(api.title)} client quick start</h1>
    <p>Install the clients package and import <code>${escapeHtml(api.client.entry)}</code>. This code is
    compiled against the client in every build, so it stays correct as the contract changes.
    Against the local mock, use <code>baseUrl: "${escapeHtml(mockUrl(api))}"</code>.</p>
    <pre><code class="language-ts">${escapeHtml(snippet)}</code></pre>
    <p>Full reference: <a href="${page}">${escapeHtml(document.info.title)}</a>.</p>`,
  });
}
