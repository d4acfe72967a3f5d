import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { isOpenRpc, openRpcMethods, operationCount } from "@leanapis/contract-helpers";
import { DOCS_SITE, loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedApis, mockUrl } from "./apis.js";
import { renderLanding } from "./landing.js";
import { sitePages } from "./layout.js";
import type { SearchEntry } from "./search-index.js";
import { startDocsServer } from "./serve.js";
import { builtReferencePages } from "./test-support/built-reference.js";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const referencePages = (page: string) => builtReferencePages(dist, page);

/** A GET as sent, its body as received (still encoded). */
function rawGet(url: string, acceptEncoding: string): Promise<{ headers: Record<string, string>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "Accept-Encoding": acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ headers: response.headers as Record<string, string>, bytes: Buffer.concat(chunks) }),
      );
    }).on("error", reject);
  });
}
const contracts = documentedApis().map((documented) => ({
  ...documented,
  id: documented.api.id,
  document: loadContract(documented.api.id),
}));

describe("the built site", () => {
  it("links every API from the landing page with its version, base URL, local mock and auth", () => {
    const landing = readFileSync(`${dist}index.html`, "utf8");
    for (const { api, page, quickstart, document } of contracts) {
      expect(landing).toContain(`href="${page}"`);
      expect(landing).toContain(`v${document.info.version}`);
      expect(landing).toContain(document.servers?.[0]?.url);
      expect(landing).toContain(`<code>${mockUrl(api)}</code>`);
      if (quickstart) expect(landing).toContain(`href="${quickstart.page}"`);
    }
    expect(landing).toContain("HTTP Basic or HTTP Bearer"); // LeanKit
    // Leanmote's three Bearer schemes read as one way to authenticate.
    expect(landing).toContain("<dd>HTTP Bearer</dd>");
    expect(landing).not.toMatch(/(HTTP Bearer) or \1/);
    expect(landing).toContain("API key in the header (x-api-key)"); // Leantime
  });

  it("shares one script among every reference page, none with a script of its own", () => {
    const scripts = new Set<string>();
    for (const { page } of contracts) {
      for (const file of referencePages(page)) {
        const html = readFileSync(`${dist}${file}`, "utf8");
        const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
        const shared = tags.flatMap((tag) => /src="(assets\/reference-[0-9a-f]{12}\.js)"/.exec(tag)?.[1] ?? []);
        expect(shared).toHaveLength(1);
        scripts.add(shared[0]!);
        // Besides it, only the site search's file: no inline script.
        expect(tags.filter((tag) => !tag.includes(" src="))).toEqual([]);
      }
    }
    expect(scripts.size).toBe(1);
    expect(existsSync(`${dist}${[...scripts][0]}`)).toBe(true);
  });

  it.each(contracts)("builds every page of the $id reference to work offline", ({ page }) => {
    for (const file of referencePages(page)) {
      const html = readFileSync(`${dist}${file}`, "utf8");
      // No script, image or stylesheet from elsewhere (links to other sites are fine).
      expect(html).not.toMatch(/src="https?:\/\/(?!127\.0\.0\.1)/);
      expect(html).not.toMatch(/<link[^>]+href="https?:\/\//);
    }
  });

  const withQuickstart = contracts.filter((c) => c.quickstart);
  it.each(withQuickstart)(
    "points the $id quick start at the local mock, with an install line",
    ({ api, quickstart }) => {
      const html = readFileSync(`${dist}${quickstart?.page}`, "utf8");
      expect(html).toContain(`baseUrl: process.env.${api.live.baseUrl} ?? &quot;${mockUrl(api)}&quot;`);
      expect(html).toContain("npm install @leanapis/clients");
      expect(html).not.toContain("{host}");
    },
  );
});

describe("the search index and the favicon", () => {
  const index = JSON.parse(readFileSync(`${dist}search-index.json`, "utf8")) as SearchEntry[];

  it("holds every operation and method of every API, and their introductions' sections", () => {
    for (const { api, page, document } of contracts) {
      const ofApi = index.filter((entry) => entry.api === api.title);
      expect(ofApi.filter((e) => e.kind !== "section")).toHaveLength(operationCount(document));
      expect(ofApi.filter((e) => e.kind === "section").length).toBeGreaterThan(0);
      // Each link opens a page of the API's reference, at an element that exists there.
      const pages = new Set(referencePages(page));
      for (const entry of ofApi) {
        const [file = "", fragment] = entry.href.split("#");
        expect(pages.has(file)).toBe(true);
        if (fragment) expect(readFileSync(`${dist}${file}`, "utf8")).toContain(`id="${fragment}"`);
      }
    }
    const leantime = contracts.find((c) => isOpenRpc(c.document));
    if (leantime && isOpenRpc(leantime.document)) {
      const [method] = openRpcMethods(leantime.document);
      const entry = index.find((e) => e.detail === method?.name);
      expect(entry?.text).toContain(method?.name.toLowerCase());
      for (const alias of method?.["x-aliases"] ?? []) expect(entry?.text).toContain(alias.toLowerCase());
    }
  });

  it("serves /favicon.ico as a 16×16 icon", async () => {
    const site = await startDocsServer({ port: 0 });
    try {
      const response = await fetch(`${site.url}/favicon.ico`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/x-icon");
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([bytes.readUInt16LE(2), bytes.readUInt16LE(4), bytes[6], bytes[7]]).toEqual([1, 1, 16, 16]);
      expect((await fetch(`${site.url}/favicon.svg`)).headers.get("content-type")).toBe("image/svg+xml");
    } finally {
      await site.close();
    }
  });
});

describe("an API without a quick start", () => {
  // Only LeanKit's snippet: the other APIs stand for one just added to the registry.
  const quickstarts = mkdtempSync(join(tmpdir(), "leanapis-quickstarts-"));
  copyFileSync(fileURLToPath(new URL("../quickstart/leankit.ts", import.meta.url)), join(quickstarts, "leankit.ts"));
  const apis = documentedApis(quickstarts);
  afterAll(() => rmSync(quickstarts, { recursive: true, force: true }));

  it("gets its reference page, but no quick-start page or link", () => {
    expect(apis.filter((a) => a.quickstart).map((a) => a.api.id)).toEqual(["leankit"]);
    const nav = sitePages(apis);
    expect(nav.map((link) => link.href)).toEqual(["index.html", ...apis.map((a) => a.page), "quickstart-leankit.html"]);
    const built = apis.map((a) => ({ ...a, document: loadContract(a.api.id), date: "2024-01-01" }));
    const landing = renderLanding(built, nav);
    // Once in the navigation bar, once in LeanKit's section.
    const links = landing.match(/href="quickstart-[^"]+"/g);
    expect(links).toEqual(['href="quickstart-leankit.html"', 'href="quickstart-leankit.html"']);
    for (const { page } of apis) expect(landing).toContain(`href="${page}">Reference</a>`);
  });
});

describe("startDocsServer", () => {
  let site: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    site = await startDocsServer({ port: 0 });
  });
  afterAll(() => site.close());

  it("serves the landing page and each reference page over loopback HTTP", async () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const landing = await fetch(`${site.url}/`);
    expect(landing.status).toBe(200);
    expect(landing.headers.get("content-type")).toContain("text/html");
    for (const { page } of contracts) {
      const reference = await fetch(`${site.url}/${page}`);
      expect(reference.status).toBe(200);
      expect(await reference.text()).toContain("<title>");
    }
    expect((await fetch(`${site.url}/missing.html`)).status).toBe(404);
  });

  it("sends each page and the shared script precompressed as the browser accepts, with cache headers", async () => {
    const landing = readFileSync(`${dist}leankit.html`, "utf8");
    const script = landing.match(/src="(assets\/reference-[0-9a-f]{12}\.js)"/)?.[1];
    expect(script).toBeDefined();
    for (const path of ["leankit.html", script]) {
      const plain = await fetch(`${site.url}/${path}`, { headers: { "Accept-Encoding": "identity" } });
      const body = Buffer.from(await plain.arrayBuffer());
      expect(plain.headers.get("content-encoding")).toBeNull();
      for (const [accept, encoding, decode] of [
        ["br, gzip", "br", brotliDecompressSync],
        ["gzip", "gzip", gunzipSync],
      ] as const) {
        // node:http, not fetch: fetch decodes the body and hides the size on the wire.
        const { headers, bytes } = await rawGet(`${site.url}/${path}`, accept);
        expect(headers["content-encoding"]).toBe(encoding);
        expect(headers.vary).toContain("Accept-Encoding");
        expect(bytes.length).toBeLessThan(body.length / 2);
        expect(decode(bytes).equals(body)).toBe(true);
      }
      const cache = plain.headers.get("cache-control");
      expect(cache).toBe(path === script ? "public, max-age=31536000, immutable" : "no-cache");
      const etag = plain.headers.get("etag") ?? "";
      const again = await fetch(`${site.url}/${path}`, {
        headers: { "If-None-Match": etag, "Accept-Encoding": "identity" },
      });
      expect(again.status).toBe(304);
    }
  });

  it("refuses a port in use with a message naming it and the port variable", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    await expect(startDocsServer({ port })).rejects.toThrow(`Port ${port} on 127.0.0.1 (docs site) is already in use`);
    await expect(startDocsServer({ port })).rejects.toThrow(`${DOCS_SITE.portEnv}=<port>`);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });
});
