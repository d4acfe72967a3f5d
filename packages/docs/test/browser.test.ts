// The site in a real browser (Debian's Chromium driven by playwright-core): every page
// loads offline with no console errors, lists every operation or method of its contract,
// and its navigation links lead where they say. Screenshots land in reports/screenshots/.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCUMENTED_APIS } from "../src/apis.mjs";
import { sitePages } from "../src/layout.mjs";
import { startDocsServer } from "../src/serve.mjs";
import { chromiumPath } from "./chromium.js";

const require = createRequire(import.meta.url);
const screenshots = new URL("../reports/screenshots/", import.meta.url);
const loadTimes: { page: string; ms: number }[] = [];

let site: { url: string; close: () => Promise<void> };
let context: BrowserContext;
const external: string[] = [];

beforeAll(async () => {
  site = await startDocsServer({ port: 0 });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "leanapis-chromium-")), {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  // The pages must work offline: anything that is not our loopback server is refused and recorded.
  await context.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => (external.push(route.request().url()), route.abort()),
  );
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await site?.close();
  if (loadTimes.length) {
    console.log("page load (navigation start → load event):");
    for (const { page, ms } of loadTimes) console.log(`  ${page.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms`);
  }
});

/** What a page must show: every operation summary (OpenAPI) or method name (OpenRPC). */
function expectedEntries(href: string): string[] {
  const api = DOCUMENTED_APIS.find((a: { page: string }) => a.page === href);
  if (!api) return [];
  const spec = JSON.parse(readFileSync(require.resolve(api.contract), "utf8"));
  if (api.kind === "openrpc") return spec.methods.map((m: { name: string }) => m.name);
  return Object.values(spec.paths as Record<string, Record<string, { summary: string }>>).flatMap((item) =>
    Object.values(item).map((operation) => operation.summary),
  );
}

describe("the docs site in Chromium", () => {
  it.each(sitePages().map((p: { href: string; label: string }) => [p.href, p] as const))(
    "%s loads offline without console errors and shows all it documents",
    async (href) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${site.url}/${href}`, { waitUntil: "load" });
      const ms = await page.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        return navigation!.loadEventStart - navigation!.startTime;
      });
      loadTimes.push({ page: href, ms });
      await expect(page.title()).resolves.toMatch(/leanapis/);
      // textContent, not innerText: Redoc keeps collapsed sidebar groups in the DOM but hidden.
      const text = (await page.locator("body").textContent()) ?? "";
      const missing = expectedEntries(href).filter((entry) => !text.includes(entry));
      expect(missing).toEqual([]);
      await page.screenshot({ path: new URL(href.replace(/\.html$/, ".png"), screenshots).pathname, fullPage: false });
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      await page.close();
    },
  );

  it("navigates between every page through the navigation bar", async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/index.html`);
    for (const { href, label } of sitePages() as { href: string; label: string }[]) {
      await page.locator("nav.lean-nav").getByRole("link", { name: label, exact: true }).click();
      await page.waitForURL(`**/${href}`);
      await expect(page.locator('nav.lean-nav a[aria-current="page"]').innerText()).resolves.toBe(label);
    }
    await page.close();
  });
});
