// One renderer for every reference page: Redoc's build inlines its 2 MB standalone bundle into
// each page; the build takes it out into one file named by its content hash (so it can be
// cached for good) and has each page import it from there.
import { createHash } from "node:crypto";

const MODULE_START = '<script type="module">';
const RENDERER_END = "export{RedocStandalone,hydrate,init};";

export interface SplitPage {
  /** The renderer module, exactly as Redoc inlined it. */
  readonly renderer: string;
  /** The page, importing `hydrate` from `url` instead. */
  readonly page: (url: string) => string;
}

/** Splits a page Redoc built with `--inlineBundle` into the renderer and the page. */
export function splitRenderer(html: string): SplitPage {
  const start = html.indexOf(MODULE_START);
  const end = html.indexOf(RENDERER_END, start);
  if (start === -1 || end === -1)
    throw new Error("Redoc's page no longer inlines its renderer as a module: see renderer.ts");
  const from = start + MODULE_START.length;
  const to = end + RENDERER_END.length;
  return {
    renderer: html.slice(from, to),
    page: (url) => `${html.slice(0, from)}\nimport { hydrate } from "${url}";${html.slice(to)}`,
  };
}

/**
 * Redoc routes by the URL's hash (`#/teams/listteams`), but its server-rendered links are
 * root paths (`/teams`): followed before the renderer has started, they leave the page for a
 * 404. Written as hashes, they open the same place with or without the renderer.
 */
export function hashLinks(html: string): string {
  const start = html.indexOf('<div id="redoc">');
  const end = html.indexOf(MODULE_START, start);
  if (start === -1 || end === -1) throw new Error("Redoc's page has no server-rendered #redoc: see renderer.ts");
  const rendered = html.slice(start, end).replace(/href="\/([^"/][^"]*|)"/g, 'href="#/$1"');
  return `${html.slice(0, start)}${rendered}${html.slice(end)}`;
}

/** The renderer's file name: its content hash, so a new Redoc gets a new name. */
export const rendererFile = (renderer: string): string =>
  `redoc-${createHash("sha256").update(renderer).digest("hex").slice(0, 12)}.js`;
