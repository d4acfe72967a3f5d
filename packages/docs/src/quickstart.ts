// A client quick start page: the snippet file exactly as the tests run it against the mocks.
import { type BuiltApi, mockUrl } from "./apis.js";
import { escapeHtml, type NavLink, pageShell } from "./layout.js";

/** The quick-start page of `built`, which must have one. */
export function renderQuickstart(built: BuiltApi, snippet: string, nav: readonly NavLink[]): string {
  const { api, page, quickstart, document } = built;
  if (!quickstart) throw new Error(`${api.title} has no quick start (quickstart/${api.id}.ts).`);
  const file = `${api.id}.ts`;
  return pageShell({
    title: `${api.title} client quick start`,
    current: quickstart.page,
    nav,
    body: `    <h1>${escapeHtml(api.title)} client quick start</h1>
    <p>Install the clients package (and <code>tsx</code> to run TypeScript directly):</p>
    <pre><code>npm install @leanapis/clients tsx</code></pre>
    <p>Save this as <code>${escapeHtml(file)}</code>. As written it talks to the local mock at
    <code>${escapeHtml(mockUrl(api))}</code> (start it with <code>npm start</code> in this repository);
    set <code>${escapeHtml(api.live.baseUrl)}</code> (e.g. <code>${escapeHtml(api.live.example)}</code>) and the
    credentials to call your account instead. The tests run this very file against the mock on every build.</p>
    <pre><code class="language-ts">${escapeHtml(snippet)}</code></pre>
    <p>Run it:</p>
    <pre><code>npx tsx ${escapeHtml(file)}</code></pre>
    <p>Full reference: <a href="${page}">${escapeHtml(document.info.title)}</a>.</p>`,
  });
}
