// What the tests read of a built site (in `dist`).
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The pages of a built reference (in `dist`) whose entry page is `page`: it first, then every page its sidebar links. */
export function builtReferencePages(dist: string, page: string): string[] {
  const html = readFileSync(join(dist, page), "utf8");
  const start = html.indexOf('<nav class="ref-menu"');
  const menu = html.slice(start, html.indexOf("</nav>", start));
  const linked = [...menu.matchAll(/href="([^"#]+\.html)/g)].map((match) => match[1]!);
  return [...new Set([page, ...linked])];
}
