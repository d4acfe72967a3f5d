// The site in a real browser (Debian's Chromium driven by playwright-core): every page
// loads offline with no console errors, lists every operation or method of its contract,
// and its navigation links lead where they say. Screenshots land in reports/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  isOpenRpc,
  type OpenApiDocument,
  type OpenRpcDocument,
  openApiOperations,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedApis } from "./apis.js";
import { chromiumPath } from "./chromium.js";
import { sitePages } from "./layout.js";
import { operationRoute } from "./reference-routes.js";
import type { OperationSamples } from "./samples.js";
import type { SearchEntry } from "./search-index.js";
import { type DocsServer, startDocsServer } from "./serve.js";
import { builtReferencePages } from "./test-support/built-reference.js";

const apis = documentedApis();
const screenshots = new URL("../reports/screenshots/", import.meta.url);
const loadTimes: { page: string; ms: number }[] = [];

let site: DocsServer;
let context: BrowserContext;
const external: string[] = [];

beforeAll(async () => {
  site = await startDocsServer({ port: 0 });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "leanapis-chromium-")), {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  // The pages must work offline: anything that is not our loopback server is refused and recorded.
  await context.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => {
      external.push(route.request().url());
      return route.abort();
    },
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

/** What a page must show: every operation's or method's summary, in its sidebar. */
function expectedEntries(href: string): string[] {
  const documented = apis.find((a) => a.page === href);
  if (!documented) return [];
  const document = loadContract(documented.api.id);
  if (isOpenRpc(document)) return openRpcMethods(document).map((method) => method.summary ?? method.name);
  return openApiOperations(document).flatMap(({ operation }) => (operation.summary ? [operation.summary] : []));
}

describe("the docs site in Chromium", () => {
  it.each(sitePages(apis).map((p) => [p.href, p] as const))(
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
      // textContent, not innerText: the sidebar's closed groups keep their links in the DOM, hidden.
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
    for (const { href, label } of sitePages(apis)) {
      await page.locator("nav.lean-nav").getByRole("link", { name: label, exact: true }).click();
      await page.waitForURL(`**/${href}`);
      await expect(page.locator('nav.lean-nav a[aria-current="page"]').textContent()).resolves.toBe(label);
    }
    await page.close();
  });

  const openApiPages = apis.flatMap(({ api, page }) => {
    const document = loadContract(api.id);
    return isOpenRpc(document) ? [] : [{ api, page, document }];
  });

  it.each(openApiPages)(
    "$page shows each operation's curl and client samples, as the tests run them",
    async ({ api, page: href, document }) => {
      const [first] = openApiOperations(document as OpenApiDocument);
      if (!first) throw new Error(`no operation in ${api.title}`);
      const tag = first.operation.tags?.[0] ?? "";
      const id = first.operation.operationId ?? "";
      const samples = JSON.parse(
        readFileSync(new URL(`../dist/samples/${api.id}.json`, import.meta.url), "utf8"),
      ) as OperationSamples[];
      const sample = samples.find((s) => s.id === id);
      const page = await context.newPage();
      await page.goto(`${site.url}/${href}`);
      // As a reader: open the tag in the sidebar, follow the operation to its tag's page.
      const menu = page.locator("nav.ref-menu");
      await menu.getByText(tag, { exact: true }).click();
      const link = menu.getByRole("link", { name: first.operation.summary ?? id }).first();
      const target = (await link.getAttribute("href")) ?? "";
      expect(target.endsWith(`#${operationRoute(tag, id)}`)).toBe(true);
      await link.click();
      await page.waitForURL(`**/${target}`);
      const section = page.locator(`section.ref-op[id="${operationRoute(tag, id)}"]`);
      await expect(section.locator(".ref-endpoint").textContent()).resolves.toBe(
        `${first.method.toUpperCase()} ${first.path}`,
      );
      const panel = section.locator(".ref-samples");
      const shown = () => panel.getByRole("tabpanel").textContent();
      await panel.getByRole("tab", { name: "curl", exact: true }).click();
      await expect.poll(shown, { timeout: 30_000 }).toBe(sample?.curl);
      await panel.getByRole("tab", { name: "Client", exact: true }).click();
      await expect.poll(shown, { timeout: 30_000 }).toBe(sample?.client);
      await page.screenshot({ path: new URL(`${api.id}-samples.png`, screenshots).pathname });
      await page.close();
    },
    120_000,
  );

  it.each(openApiPages)(
    "$page lists each server URL once",
    async ({ page: href, document }) => {
      const page = await context.newPage();
      await page.goto(`${site.url}/${href}`);
      const urls = new Set(((document as OpenApiDocument).servers ?? []).map((server) => server.url));
      const panel = page.getByRole("list", { name: "Servers" });
      await expect(panel.getByRole("listitem").count()).resolves.toBe(urls.size);
      for (const url of urls) await expect(panel.getByText(url, { exact: true }).count()).resolves.toBe(1);
      await page.close();
    },
    120_000,
  );

  it.each(apis.map(({ page }) => [page] as const))(
    "%s: without its script, the sidebar still opens a tag and leads to an operation",
    async (href) => {
      const page = await context.newPage();
      // The shared script never arrives: what the reader has is the HTML.
      await page.route(/\/assets\/reference-[0-9a-f]+\.js$/, (route) => route.abort());
      await page.goto(`${site.url}/${href}`);
      const group = page.locator("nav.ref-menu details").nth(1);
      await group.locator("summary").click();
      const link = group.getByRole("link").first();
      const target = (await link.getAttribute("href")) ?? "";
      const name = ((await link.textContent()) ?? "").replace(/^[A-Z]+ /, "");
      await link.click();
      await page.waitForURL(`**/${target}`);
      await page.getByRole("heading", { name, exact: true, level: 2 }).waitFor({ state: "visible" });
      await page.close();
    },
    120_000,
  );

  it.each(apis.map(({ api, page }) => [api.title, page] as const))(
    "every page of the %s reference loads offline without errors, with each operation its sidebar links to",
    async (_title, href) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${site.url}/${href}`);
      const links = await page
        .locator("nav.ref-menu li li a")
        .evaluateAll((anchors) =>
          anchors.map((a) => ({ href: a.getAttribute("href") ?? "", label: a.textContent ?? "" })),
        );
      expect(links.length).toBe(expectedEntries(href).length);
      const byPage = new Map<string, typeof links>();
      for (const link of links) {
        const file = link.href.split("#")[0]!;
        byPage.set(file, [...(byPage.get(file) ?? []), link]);
      }
      for (const [file, targets] of byPage) {
        await page.goto(`${site.url}/${file}`);
        // Each link's target: an operation whose heading reads as the link does (less its verb).
        const headings = await page.evaluate(
          (ids) => ids.map((id) => document.getElementById(id)?.querySelector("h2 .ref-anchor")?.textContent ?? null),
          targets.map((t) => decodeURIComponent(t.href.split("#")[1]!)),
        );
        expect(headings).toEqual(targets.map((t) => t.label.replace(/^[A-Z]+ /, "")));
        await expect(page.title()).resolves.toMatch(/leanapis/);
      }
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      await page.close();
    },
    180_000,
  );

  it.each(
    apis.flatMap(({ api, quickstart }) => (quickstart ? [[quickstart.page, quickstart.snippet, api] as const] : [])),
  )(
    "%s: the install line, then the snippet, copied by its button exactly as the tests run it",
    async (href, snippet) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.url });
      const page = await context.newPage();
      await page.goto(`${site.url}/${href}`);
      const blocks = page.locator("main .lean-code");
      await expect(blocks.first().locator("pre").textContent()).resolves.toMatch(/^npm install @leanapis\/clients/);
      const code = blocks.filter({ has: page.locator("code.language-ts") });
      await code.getByRole("button", { name: "Copy" }).click();
      await code.getByRole("button", { name: "Copied" }).waitFor();
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(readFileSync(snippet, "utf8"));
      await page.close();
    },
    120_000,
  );

  const rpcPages = apis.flatMap(({ api, page }) => {
    const document = loadContract(api.id);
    return isOpenRpc(document) ? [{ api, page, document }] : [];
  });

  it.each(rpcPages)(
    "$page: each method has a link, tables, labelled examples and its samples, as in the other references",
    async ({ api, page: href, document }) => {
      // A method with an example, from the document: the first one.
      const method = openRpcMethods(document as OpenRpcDocument).find((m) => m.examples?.length);
      if (!method) throw new Error("no method with an example");
      const service = (method.tags?.[0] as { name: string } | undefined)?.name ?? "Other";
      const summary = method.summary ?? method.name;
      const page = await context.newPage();
      await page.goto(`${site.url}/${href}`);
      const menu = page.locator("nav.ref-menu");
      await menu.getByText(service, { exact: true }).click();
      await menu.getByRole("link", { name: summary }).first().click();
      await page.waitForURL((url) => url.hash.toLowerCase().includes(method.name.toLowerCase()));
      const link = page.url();
      await page.close();

      // The link alone opens the method: its heading, params table, errors and examples.
      const opened = await context.newPage();
      await opened.goto(link);
      const section = opened.locator(`section.ref-op[id="${operationRoute(service, method.name)}"]`);
      await section.getByRole("heading", { name: summary, level: 2 }).waitFor({ state: "visible" });
      await section.getByText(`Method ${method.name}.`).first().waitFor({ state: "visible" });
      // Each parameter a row of the request's params table.
      const params = method.params.map((p) => (p as { name: string }).name);
      for (const name of params) {
        await section
          .locator("tr.ref-prop > td:first-child > code", { hasText: name })
          .first()
          .waitFor({ state: "visible" });
      }
      const example = method.examples?.[0] as { name: string };
      const text = () => opened.locator("body").textContent();
      await expect.poll(text, { timeout: 30_000 }).toContain(`Result: ${example.name}`);
      const samples = JSON.parse(
        readFileSync(new URL(`../dist/samples/${api.id}.json`, import.meta.url), "utf8"),
      ) as OperationSamples[];
      const curl = samples.find((s) => s.id === method.name)?.curl ?? "";
      expect(curl).not.toBe("");
      const panel = section.locator(".ref-samples");
      await panel.getByRole("tab", { name: "curl", exact: true }).click();
      await expect.poll(() => panel.getByRole("tabpanel").textContent(), { timeout: 30_000 }).toBe(curl);
      await opened.screenshot({ path: new URL(`${api.id}-method.png`, screenshots).pathname });
      await opened.close();
    },
    180_000,
  );

  const index = JSON.parse(
    readFileSync(new URL("../dist/search-index.json", import.meta.url), "utf8"),
  ) as SearchEntry[];

  it.each(sitePages(apis).map((p) => [p.href] as const))(
    "%s: the search box finds intro sections, operations and methods of every API",
    async (href) => {
      const page = await context.newPage();
      await page.goto(`${site.url}/${href}`);
      const box = page.locator("nav.lean-nav input[type=search]");
      // One intro section, one operation or method per API, from the built index.
      const probes = apis.flatMap(({ api }) => {
        const ofApi = index.filter((entry) => entry.api === api.title);
        return [ofApi.find((e) => e.kind === "section"), ofApi.find((e) => e.kind !== "section")].flatMap((e) =>
          e ? [e] : [],
        );
      });
      expect(new Set(probes.map((p) => p.api)).size).toBe(apis.length);
      for (const probe of probes) {
        await box.fill(`${probe.title} ${probe.api}`);
        const results = page.locator("nav.lean-nav ol.lean-results li");
        // Polled: the list follows the typing once the index has loaded.
        const found = async () =>
          (await results.allTextContents()).some((t) => t.startsWith(probe.title) && t.includes(probe.api));
        await expect.poll(found, { timeout: 30_000 }).toBe(true);
        await expect(page.locator("nav.lean-nav ol.lean-results").isVisible()).resolves.toBe(true);
      }
      await box.fill("no-such-thing-anywhere");
      const list = () => page.locator("nav.lean-nav ol.lean-results").textContent();
      await expect.poll(list, { timeout: 30_000 }).toBe("Nothing found in any API.");
      await page.close();
    },
    180_000,
  );

  it.each(apis.map(({ api }) => [api.title] as const))(
    "a search result leads to a %s operation or method, shown in its reference page",
    async (title) => {
      // The last operation or method of the API: deep in its sidebar.
      const target = index.filter((e) => e.api === title && e.kind !== "section").at(-1);
      if (!target) throw new Error(`no ${title} entry in the index`);
      const page = await context.newPage();
      await page.goto(`${site.url}/index.html`);
      const box = page.locator("nav.lean-nav input[type=search]");
      await box.fill(`${target.detail} ${target.title}`);
      await page.locator("nav.lean-nav ol.lean-results a", { hasText: target.title }).first().click();
      await page.waitForURL(`**/${target.href}`);
      await page
        .getByRole("heading", { name: target.title, exact: true, level: 2 })
        .first()
        .waitFor({ state: "visible" });
      await page.close();
    },
    180_000,
  );
});

/** What the phone tests check of a page: its width, boxes past the right edge, whether the navigation bar covers the page. */
function phoneGeometry(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // Boxes past the right edge, save those a scrolling or clipping ancestor keeps inside.
    const clipped = (element: Element): boolean => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const { overflowX } = getComputedStyle(parent);
        if (overflowX !== "visible") return true;
      }
      return false;
    };
    // Or whose own content spills out of it (a long word in a heading), where nothing scrolls or clips it.
    const spills = (element: Element): boolean =>
      element.clientWidth > 0 &&
      element.scrollWidth > element.clientWidth + 1 &&
      getComputedStyle(element).overflowX === "visible";
    const wide = [...document.querySelectorAll("body *")]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const past = box.width > 0 && box.height > 0 && box.right > width + 1;
        return (past || spills(element)) && !clipped(element);
      })
      .map((element) => `${element.tagName}.${element.className}`.slice(0, 80));
    const nav = document.querySelector("nav.lean-nav")!.getBoundingClientRect();
    // Whatever sits under the bar's bottom edge is the bar or below it, not covered by it.
    const below = document.elementFromPoint(width / 2, nav.bottom + 2);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      width,
      wide,
      navCoversPage: !!below?.closest("nav.lean-nav"),
    };
  });
}

describe("the docs site on a phone (390 × 844)", () => {
  let phone: BrowserContext;
  beforeAll(async () => {
    phone = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "leanapis-phone-")), {
      executablePath: chromiumPath(),
      headless: true,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
  });
  afterAll(() => phone?.close());

  it.each(sitePages(apis).map((p) => [p.href] as const))(
    "%s: nothing is wider than the screen, the navigation covers none of the page, no request fails",
    async (href) => {
      const page = await phone.newPage();
      const failed: string[] = [];
      page.on(
        "response",
        (response) => response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`),
      );
      await page.goto(`${site.url}/${href}`, { waitUntil: "load" });
      await page.waitForLoadState("networkidle");
      const geometry = await phoneGeometry(page);
      expect(geometry.scrollWidth).toBeLessThanOrEqual(geometry.width);
      expect(geometry.wide).toEqual([]);
      expect(geometry.navCoversPage).toBe(false);
      expect(failed).toEqual([]);
      await page.screenshot({ path: new URL(`phone-${href.replace(/\.html$/, ".png")}`, screenshots).pathname });
      await page.close();
    },
    120_000,
  );

  it.each(apis.map(({ api, page }) => [api.title, page] as const))(
    "every other page of the %s reference fits the screen too",
    async (_title, href) => {
      const page = await phone.newPage();
      for (const file of builtReferencePages(fileURLToPath(new URL("../dist/", import.meta.url)), href).slice(1)) {
        await page.goto(`${site.url}/${file}`, { waitUntil: "load" });
        const geometry = await phoneGeometry(page);
        // The file named in a failure.
        const { scrollWidth, width, wide, navCoversPage } = geometry;
        expect({ file, wider: scrollWidth > width, wide, navCoversPage }).toEqual({
          file,
          wider: false,
          wide: [],
          navCoversPage: false,
        });
      }
      await page.close();
    },
    300_000,
  );

  it.each(apis.map(({ page }) => [page] as const))(
    "%s: the phone menu opens over the navigation bar, its links free to tap, and leads to an operation",
    async (href) => {
      const page = await phone.newPage();
      await page.goto(`${site.url}/${href}`, { waitUntil: "load" });
      await page.getByRole("button", { name: "Menu" }).click();
      const menu = page.locator("nav.ref-menu");
      const top = menu.getByRole("link", { name: "Introduction" });
      await top.waitFor({ state: "visible" });
      const box = (await top.boundingBox())!;
      const hit = await page.evaluate(({ x, y }) => !!document.elementFromPoint(x, y)?.closest("nav.ref-menu"), {
        x: box.x + box.width / 2,
        y: box.y + box.height / 2,
      });
      expect(hit).toBe(true);
      await page.screenshot({ path: new URL(`phone-menu-${href.replace(/\.html$/, ".png")}`, screenshots).pathname });
      await menu.locator("details summary").first().tap();
      const link = menu.locator("details").first().getByRole("link").first();
      const target = (await link.getAttribute("href")) ?? "";
      await link.tap();
      await page.waitForURL(`**/${target}`);
      await expect(menu.isVisible()).resolves.toBe(false);
      await page.close();
    },
    120_000,
  );
});

describe("the docs site in dark mode", () => {
  let dark: BrowserContext;
  beforeAll(async () => {
    dark = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "leanapis-dark-")), {
      executablePath: chromiumPath(),
      headless: true,
      viewport: { width: 1280, height: 900 },
      colorScheme: "dark",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
  });
  afterAll(() => dark?.close());

  it.each(sitePages(apis).map((p) => [p.href] as const))(
    "%s follows the reader's dark scheme",
    async (href) => {
      const page = await dark.newPage();
      await page.goto(`${site.url}/${href}`, { waitUntil: "load" });
      // The background painted under the middle of the page, and the text colour there.
      const colours = await page.evaluate(() => {
        const rgb = (value: string) => (value.match(/\d+(\.\d+)?/g) ?? []).map(Number);
        let element = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
        const text = rgb(getComputedStyle(element ?? document.body).color);
        while (
          element &&
          (rgb(getComputedStyle(element).backgroundColor)[3] === 0 ||
            getComputedStyle(element).backgroundColor === "transparent")
        )
          element = element.parentElement;
        return { background: rgb(getComputedStyle(element ?? document.documentElement).backgroundColor), text };
      });
      const luminance = ([r = 0, g = 0, b = 0]: number[]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      expect(luminance(colours.background)).toBeLessThan(0.25);
      expect(luminance(colours.text)).toBeGreaterThan(0.6);
      await page.screenshot({ path: new URL(`dark-${href.replace(/\.html$/, ".png")}`, screenshots).pathname });
      await page.close();
    },
    120_000,
  );
});
