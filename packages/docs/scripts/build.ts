// Builds the static site into dist/: a reference page per contract (rendered here, from its
// OpenAPI view, with one shared script), client quick starts, and the landing page, all
// sharing one navigation bar. Prints each page's size.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { isOpenRpc } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { type BuiltApi, documentedApis } from "../src/apis.js";
import { FAVICON_SVG, faviconIco } from "../src/favicon.js";
import { renderLanding } from "../src/landing.js";
import { sitePages } from "../src/layout.js";
import { openRpcAsOpenApi } from "../src/openrpc-reference.js";
import { renderQuickstart } from "../src/quickstart.js";
import { referenceDocument } from "../src/reference-document.js";
import { referenceScriptFile, renderReference } from "../src/reference-page.js";
import { clientSamplesModule, samplesFor } from "../src/samples.js";
import { type SearchEntry, searchEntries } from "../src/search-index.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
rmSync(dist, { recursive: true, force: true });
mkdirSync(`${dist}samples`, { recursive: true });
mkdirSync(`${dist}assets`, { recursive: true });

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

const documented = documentedApis();
const nav = sitePages(documented);
const pages = new Map<string, string>();
/** Files beside the pages, the reference pages' script first: named by its content, cached for good. */
const script = readFileSync(new URL("../src/reference-script.js", import.meta.url), "utf8");
const scriptAsset = `assets/${referenceScriptFile(script)}`;
const files = new Map<string, string>([[scriptAsset, script]]);
const search: SearchEntry[] = [];
const apis = documented.map((entry): BuiltApi => {
  const { api, page, quickstart } = entry;
  const document = loadContract(api.id);
  const date = contractDate(api.contract.dir);
  // Every operation's code samples: shown on its page, and kept for the tests that run them.
  const samples = samplesFor(api, document);
  writeFileSync(`${dist}samples/${api.id}.json`, JSON.stringify(samples, null, 2));
  writeFileSync(`${dist}samples/${api.id}.client.ts`, clientSamplesModule(samples));
  // Every reference page is rendered from an OpenAPI view; an OpenRPC contract gets one first.
  const view = isOpenRpc(document) ? openRpcAsOpenApi(document, samples) : referenceDocument(document, samples);
  const reference = renderReference(view, { page, nav, script: scriptAsset });
  for (const [file, html] of reference.pages) pages.set(file, html);
  search.push(...searchEntries(entry, document, reference.hrefs));
  const built = { ...entry, document, date };
  if (quickstart) pages.set(quickstart.page, renderQuickstart(built, readFileSync(quickstart.snippet, "utf8"), nav));
  return built;
});
pages.set("index.html", renderLanding(apis, nav));
files.set("search-index.json", JSON.stringify(search));
files.set("site-search.js", readFileSync(new URL("../src/site-search.js", import.meta.url), "utf8"));
files.set("favicon.svg", FAVICON_SVG);
writeFileSync(`${dist}favicon.ico`, faviconIco());

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
