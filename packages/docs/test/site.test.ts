import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCUMENTED_APIS } from "../src/apis.mjs";
import { startDocsServer } from "../src/serve.mjs";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const contracts = DOCUMENTED_APIS.map((api) => ({
  ...api,
  spec: JSON.parse(readFileSync(createRequire(import.meta.url).resolve(api.contract), "utf8")),
}));


describe("the built site", () => {
  it("links every API from the landing page with its version, base URL and auth", () => {
    const landing = readFileSync(`${dist}index.html`, "utf8");
    for (const { page, spec } of contracts) {
      expect(landing).toContain(`href="${page}"`);
      expect(landing).toContain(`v${spec.info.version}`);
      expect(landing).toContain(spec.servers[0].url);
    }
    expect(landing).toContain("HTTP Basic or HTTP Bearer"); // LeanKit
    expect(landing).toContain("API key in the header (x-api-key)"); // Leantime
  });

  it.each(contracts)("builds the $name reference page to work offline", ({ page }) => {
    const html = readFileSync(`${dist}${page}`, "utf8");
    // No script, image or stylesheet from elsewhere (links to other sites are fine).
    expect(html).not.toMatch(/src="https?:\/\/(?!127\.0\.0\.1)/);
    expect(html).not.toMatch(/<link[^>]+href="https?:\/\//);
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

  it("refuses a port in use with a message naming it and DOCS_PORT", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    await expect(startDocsServer({ port })).rejects.toThrow(`Port ${port} on 127.0.0.1 (docs site) is already in use`);
    await expect(startDocsServer({ port })).rejects.toThrow("DOCS_PORT=<port>");
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });
});
