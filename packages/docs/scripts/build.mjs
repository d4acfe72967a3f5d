// Builds the static site into dist/: a Redoc page per OpenAPI contract (renderer inlined,
// so it works offline), client quick starts, and the landing page, all sharing one
// navigation bar. Prints each page's size.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { DOCUMENTED_APIS } from "../src/apis.mjs";
import { renderLanding } from "../src/landing.mjs";
import { injectNav } from "../src/layout.mjs";
import { renderOpenRpcPage } from "../src/openrpc-page.mjs";
import { renderQuickstart } from "../src/quickstart.mjs";

const require = createRequire(import.meta.url);
const redocly = require.resolve("@redocly/cli/bin/cli.js");
const root = fileURLToPath(new URL("../../../", import.meta.url));
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/** The day the contract last changed, from git; the build stays usable outside a checkout. */
function contractDate(specDir) {
  try {
    const date = execFileSync("git", ["log", "-1", "--format=%cs", "--", specDir], { cwd: root, encoding: "utf8" }).trim();
    return date || "not yet committed";
  } catch {
    return "date unknown";
  }
}

// Redoc's "API docs by Redocly" footer loads its logo from a CDN; the page must not
// reach out, so the logo is served inline instead (same words, no request).
const REDOCLY_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_LOGO =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='64' height='16'%3E%3Ctext x='0' y='12' font-family='sans-serif' font-size='12'%3ERedocly%3C/text%3E%3C/svg%3E";

function redocPage(contract, title) {
  const out = `${dist}.redoc.html`;
  execFileSync(process.execPath, [redocly, "build-docs", contract, "--inlineBundle", "--output", out, "--title", title], {
    // Redocly's banners go to stderr; they are shown only when the build fails.
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  const html = readFileSync(out, "utf8").replace(REDOCLY_LOGO, INLINE_LOGO);
  rmSync(out);
  return html;
}

const pages = new Map();
const apis = DOCUMENTED_APIS.map((api) => {
  const contract = require.resolve(api.contract);
  const spec = JSON.parse(readFileSync(contract, "utf8"));
  const documented = { ...api, spec, version: spec.info.version, date: contractDate(api.specDir) };
  pages.set(
    api.page,
    api.kind === "openrpc" ? renderOpenRpcPage(documented) : injectNav(redocPage(contract, `${spec.info.title} reference — leanapis`), api.page),
  );
  const snippet = readFileSync(new URL(`../quickstart/${api.name}.ts`, import.meta.url), "utf8");
  pages.set(api.quickstart, renderQuickstart(documented, snippet));
  return documented;
});
pages.set("index.html", renderLanding(apis));

for (const [name, html] of pages) writeFileSync(`${dist}${name}`, html);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log("page                          size       gzip");
for (const [name, html] of pages) {
  console.log(`${name.padEnd(28)}  ${kib(Buffer.byteLength(html)).padStart(10)} ${kib(gzipSync(html).length).padStart(10)}`);
}
