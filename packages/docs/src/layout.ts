// The frame every page shares: the same navigation bar and favicon and, for the landing page
// and the quick starts, the same shell and styles (the reference pages have their own layout).
import type { DocumentedApi } from "./apis.js";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export const escapeHtml = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** A page of the site, as the navigation bar links it. */
export interface NavLink {
  readonly href: string;
  readonly label: string;
}

/** Every page of the site, in navigation order. */
export function sitePages(apis: readonly DocumentedApi[]): NavLink[] {
  return [
    { href: "index.html", label: "Home" },
    ...apis.map(({ api, page }) => ({ href: page, label: api.title })),
    ...apis.flatMap(({ api, quickstart }) =>
      quickstart ? [{ href: quickstart.page, label: `${api.title} quick start` }] : [],
    ),
  ];
}

// No z-index on the bar: the reference pages' phone menu must stay above it.
const NAV_STYLE = `
  .lean-nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; padding: .6rem 1rem;
    background: #102a43; font: 14px/1.4 system-ui, sans-serif; position: relative; box-sizing: border-box; }
  .lean-nav a { color: #d9e2ec; text-decoration: none; } .lean-nav a:hover { color: #fff; text-decoration: underline; }
  .lean-nav a[aria-current="page"] { color: #fff; font-weight: 600; }
  .lean-nav .lean-brand { color: #fff; font-weight: 700; margin-right: .5rem; }
  .lean-search { position: relative; margin-left: auto; flex: 0 1 18rem; min-width: 10rem; }
  .lean-search input { width: 100%; box-sizing: border-box; padding: .3rem .5rem; border-radius: 4px; border: 1px solid #829ab1;
    background: #f0f4f8; color: #102a43; font: inherit; }
  .lean-search ol { position: absolute; right: 0; top: 100%; z-index: 1000; width: min(32rem, calc(100vw - 2rem)); max-height: 70vh;
    overflow-y: auto; margin: .25rem 0 0; padding: 0; list-style: none; background: #fff; color: #1f2933;
    border: 1px solid #bcccdc; border-radius: 4px; box-shadow: 0 4px 16px rgba(0,0,0,.2); }
  .lean-search li { padding: .4rem .6rem; border-bottom: 1px solid #e4e7eb; overflow-wrap: anywhere; }
  .lean-search li a { color: #1f2933; display: block; } .lean-search li small { color: #616e7c; }
  .lean-result-api { color: #486581; font-size: 12px; }
  @media (max-width: 600px) { .lean-nav { gap: .2rem .7rem; padding: .5rem .75rem; font-size: 13px; }
    .lean-search { flex-basis: 100%; margin-left: 0; } }
  @media (prefers-color-scheme: dark) { .lean-search ol, .lean-search li a { background: #1f2933; color: #e4e7eb; }
    .lean-search li { border-color: #323f4b; } .lean-search li small, .lean-result-api { color: #9aa5b1; } }`;

/** What every page's head carries: the favicon. */
export const HEAD_LINKS = `<link rel="icon" href="favicon.svg" type="image/svg+xml">`;

/** The navigation bar over `nav`, with `current` (a page's href) marked. */
export function navBar(nav: readonly NavLink[], current: string): string {
  const links = nav
    .map(({ href, label }) => {
      const marked = href === current ? ' aria-current="page"' : "";
      return `<a href="${href}"${marked}>${escapeHtml(label)}</a>`;
    })
    .join("\n    ");
  return `<style>${NAV_STYLE}</style>
  <nav class="lean-nav" aria-label="leanapis documentation">
    <span class="lean-brand">leanapis</span>
    ${links}
    <form class="lean-search" role="search" data-index="search-index.json">
      <input type="search" name="q" placeholder="Search all APIs" aria-label="Search every API's operations, methods and guides" autocomplete="off">
      <ol class="lean-results" hidden></ol>
    </form>
  </nav>
  <script src="site-search.js" defer></script>`;
}

export interface PageParts {
  readonly title: string;
  /** The page's own href, marked in the navigation bar. */
  readonly current: string;
  readonly nav: readonly NavLink[];
  readonly body: string;
}

/** A "Copy" button on every code block: copies its text, then says "Copied". */
const COPY_BUTTONS = `for (const pre of document.querySelectorAll("main pre")) {
    const box = document.createElement("div"); box.className = "lean-code";
    pre.replaceWith(box); box.append(pre);
    const button = document.createElement("button"); button.type = "button"; button.className = "lean-copy"; button.textContent = "Copy";
    button.addEventListener("click", () => navigator.clipboard.writeText(pre.textContent).then(() => { button.textContent = "Copied"; }));
    box.append(button);
  }`;

/** A page of ours: the shared head, navigation and styles around `body`. */
export function pageShell({ title, current, nav, body }: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} — leanapis</title>
  ${HEAD_LINKS}
  <meta name="color-scheme" content="light dark">
  <style>
    body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2933; background: #fff; }
    main pre, main code { overflow-wrap: anywhere; } main table { display: block; overflow-x: auto; }
    main { max-width: 56rem; margin: 2rem auto; padding: 0 1rem; }
    h1 { margin-bottom: .25rem; } .api { border-top: 1px solid #d9e2ec; padding: 1rem 0; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } dt { font-weight: 600; }
    small, .muted { color: #616e7c; font-weight: normal; } code { background: #f0f4f8; padding: 0 .25rem; }
    pre { background: #102a43; color: #f0f4f8; padding: 1rem; overflow-x: auto; border-radius: 4px; }
    pre code { background: none; padding: 0; }
    table { border-collapse: collapse; } td, th { border: 1px solid #d9e2ec; padding: .25rem .5rem; text-align: left; vertical-align: top; }
    @media (prefers-color-scheme: dark) {
      body { color: #e4e7eb; background: #12181f; } a { color: #9fd3ff; } small, .muted { color: #9aa5b1; }
      code { background: #1f2933; } .api { border-color: #323f4b; } td, th { border-color: #323f4b; }
    }
    .lean-code { position: relative; } .lean-copy { position: absolute; top: .4rem; right: .4rem; font: 12px system-ui, sans-serif;
      padding: .2rem .5rem; border: 1px solid #829ab1; border-radius: 3px; background: #243b53; color: #f0f4f8; cursor: pointer; }
  </style>
</head>
<body>
  ${navBar(nav, current)}
  <main>
${body}
  </main>
  <script>${COPY_BUTTONS}</script>
</body>
</html>
`;
}
