// Builds the static site into dist/: a Redoc page per OpenAPI contract (renderer inlined,
// so it works offline), client quick starts, and the landing page, all sharing one
// navigation bar. Prints each page's size.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { isOpenRpc } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { type BuiltApi, documentedApis } from "../src/apis.js";
import { FAVICON_SVG, faviconIco } from "../src/favicon.js";
import { renderLanding } from "../src/landing.js";
import { injectNav, sitePages } from "../src/layout.js";
import { openRpcAsOpenApi } from "../src/openrpc-reference.js";
import { renderQuickstart } from "../src/quickstart.js";
import { referenceDocument } from "../src/reference-document.js";
import { hashLinks, rendererFile, splitRenderer } from "../src/renderer.js";
import { clientSamplesModule, samplesFor } from "../src/samples.js";
import { type SearchEntry, searchEntries } from "../src/search-index.js";

const require = createRequire(import.meta.url);
const redocly = require.resolve("@redocly/cli/bin/cli.js");
const root = fileURLToPath(new URL("../../../", import.meta.url));
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
rmSync(dist, { recursive: true, force: true });
mkdirSync(`${dist}samples`, { recursive: true });
mkdirSync(`${dist}assets`, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), "leanapis-docs-"));

/** The day the contract last changed, from git; the build stays usable outside a checkout. */
function contractDate(specDir: string): string {
  try {
    const git = ["log", "-1", "--format=%cs", "--", specDir];
    const date = execFileSync("git", git, { cwd: root, encoding: "utf8" }).trim();
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

/** Redoc's options: the code-sample tabs, in the order of `codeSamples` (samples.ts). */
const REDOC_OPTIONS = { codeSamples: { languages: [{ lang: "curl" }, { lang: "TypeScript", label: "Client" }] } };

function redocPage(contract: string, title: string): string {
  const out = `${dist}.redoc.html`;
  const options = ["--openapi", JSON.stringify(REDOC_OPTIONS)];
  const args = ["build-docs", contract, "--inlineBundle", ...options, "--output", out, "--title", title];
  execFileSync(process.execPath, [redocly, ...args], {
    // Redocly's banners go to stderr; they are shown only when the build fails.
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  const html = readFileSync(out, "utf8").replace(REDOCLY_LOGO, INLINE_LOGO);
  rmSync(out);
  return html;
}

const documented = documentedApis();
const nav = sitePages(documented);
const pages = new Map<string, string>();
/** Files beside the pages: the shared renderer (one, as long as every page was built by the same Redoc). */
const files = new Map<string, string>();
const search: SearchEntry[] = [];
const apis = documented.map((entry): BuiltApi => {
  const { api, page, quickstart } = entry;
  const document = loadContract(api.id);
  const date = contractDate(api.contract.dir);
  // Every operation's code samples: shown on its page, and kept for the tests that run them.
  const samples = samplesFor(api, document);
  writeFileSync(`${dist}samples/${api.id}.json`, JSON.stringify(samples, null, 2));
  writeFileSync(`${dist}samples/${api.id}.client.ts`, clientSamplesModule(samples));
  // Every reference page is Redoc's; an OpenRPC contract is shown through its OpenAPI view.
  const view = isOpenRpc(document) ? openRpcAsOpenApi(document, samples) : referenceDocument(document, samples);
  const contract = join(scratch, `${api.id}.json`);
  writeFileSync(contract, JSON.stringify(view));
  const split = splitRenderer(redocPage(contract, `${document.info.title} reference — leanapis`));
  const asset = `assets/${rendererFile(split.renderer)}`;
  files.set(asset, split.renderer);
  pages.set(page, injectNav(hashLinks(split.page(`./${asset}`)), nav, page));
  search.push(...searchEntries(entry, document));
  const built = { ...entry, document, date };
  if (quickstart) pages.set(quickstart.page, renderQuickstart(built, readFileSync(quickstart.snippet, "utf8"), nav));
  return built;
});
pages.set("index.html", renderLanding(apis, nav));
files.set("search-index.json", JSON.stringify(search));
files.set("site-search.js", readFileSync(new URL("../src/site-search.js", import.meta.url), "utf8"));
files.set("favicon.svg", FAVICON_SVG);
writeFileSync(`${dist}favicon.ico`, faviconIco());
rmSync(scratch, { recursive: true, force: true });

// Each page and asset also precompressed, for the server to send as the browser accepts.
const brotli = (text: string) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } });
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);
console.log("file                                 size       gzip     brotli");
for (const [name, text] of [...pages, ...files]) {
  const [gzip, br] = [gzipSync(text, { level: 9 }), brotli(text)];
  writeFileSync(`${dist}${name}`, text);
  writeFileSync(`${dist}${name}.gz`, gzip);
  writeFileSync(`${dist}${name}.br`, br);
  console.log(`${name.padEnd(32)} ${kib(Buffer.byteLength(text))} ${kib(gzip.length)} ${kib(br.length)}`);
}
