// The frame every page shares: the same navigation bar (also injected into the Redoc
// pages) and, for the pages we render ourselves, the same shell and styles.
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

const NAV_STYLE = `
  .lean-nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; padding: .6rem 1rem;
    background: #102a43; font: 14px/1.4 system-ui, sans-serif; position: relative; z-index: 100; }
  .lean-nav a { color: #d9e2ec; text-decoration: none; } .lean-nav a:hover { color: #fff; text-decoration: underline; }
  .lean-nav a[aria-current="page"] { color: #fff; font-weight: 600; }
  .lean-nav .lean-brand { color: #fff; font-weight: 700; margin-right: .5rem; }`;

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
  </nav>`;
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
  <style>
    body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2933; }
    main { max-width: 56rem; margin: 2rem auto; padding: 0 1rem; }
    h1 { margin-bottom: .25rem; } .api { border-top: 1px solid #d9e2ec; padding: 1rem 0; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } dt { font-weight: 600; }
    small, .muted { color: #616e7c; font-weight: normal; } code { background: #f0f4f8; padding: 0 .25rem; }
    pre { background: #102a43; color: #f0f4f8; padding: 1rem; overflow-x: auto; border-radius: 4px; }
    pre code { background: none; padding: 0; }
    table { border-collapse: collapse; } td, th { border: 1px solid #d9e2ec; padding: .25rem .5rem; text-align: left; vertical-align: top; }
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

/** Puts the navigation bar at the top of a page that another tool rendered (Redoc). */
export function injectNav(html: string, nav: readonly NavLink[], current: string): string {
  const at = html.indexOf("<body>");
  if (at === -1) throw new Error(`no <body> in the page for ${current}`);
  const end = at + "<body>".length;
  return `${html.slice(0, end)}\n  ${navBar(nav, current)}${html.slice(end)}`;
}
