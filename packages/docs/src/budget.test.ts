// Each reference page's weight and main-thread work, measured by Chromium itself: a first
// visit (empty cache) must bring at most 1 MB over the wire, a second page must take the
// renderer from the cache, and with the CPU slowed 4× the page should be usable within
// 1.5 s: first paint and the end of the last long task (main-thread work over 50 ms), both
// from the page's own performance entries, not from the test's clock. The figures go to
// reports/page-budget.json.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedApis } from "./apis.js";
import { chromiumPath } from "./chromium.js";
import { type DocsServer, startDocsServer } from "./serve.js";

const WIRE_BUDGET = 1_000_000;
const USABLE_BUDGET_MS = 1_500;
const CPU_SLOWDOWN = 4;
const reports = new URL("../reports/", import.meta.url);
const pages = documentedApis().map(({ page }) => page);

interface Measure {
  page: string;
  wireBytes: number;
  firstPaintMs: number;
  lastLongTaskEndMs: number;
  usableMs: number;
  longTaskMs: number;
}
const measures: Measure[] = [];

let site: DocsServer;
beforeAll(async () => {
  site = await startDocsServer({ port: 0 });
});
afterAll(async () => {
  await site?.close();
  if (measures.length) {
    mkdirSync(reports, { recursive: true });
    const report = { cpuSlowdown: CPU_SLOWDOWN, wireBudget: WIRE_BUDGET, usableBudgetMs: USABLE_BUDGET_MS, measures };
    writeFileSync(new URL("page-budget.json", reports), `${JSON.stringify(report, null, 2)}\n`);
  }
});

async function freshContext(): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "leanapis-budget-")), {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  // No request routing here: Playwright turns the HTTP cache off when it routes. Nothing
  // leaves the machine anyway (the other tests check that the pages make no outside request).
  // Long tasks are recorded from the document's start, before any script of the page runs.
  await context.addInitScript(() => {
    const tasks: { start: number; end: number }[] = [];
    Object.assign(window, { __longTasks: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  return context;
}

/** Waits until the page's main thread has had no long task for a second of its own time. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const tasks = (window as unknown as { __longTasks: { end: number }[] }).__longTasks;
      const last = Math.max(0, ...tasks.map((task) => task.end));
      return document.readyState === "complete" && performance.now() - last > 1_000;
    },
    undefined,
    { timeout: 120_000, polling: 250 },
  );
}

async function measure(page: Page, href: string): Promise<Measure> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  await page.goto(`${site.url}/${href}`, { waitUntil: "load", timeout: 120_000 });
  await settled(page);
  const figures = await page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType("navigation"),
      ...performance.getEntriesByType("resource"),
    ] as PerformanceResourceTiming[];
    const tasks = (window as unknown as { __longTasks: { start: number; end: number }[] }).__longTasks;
    return {
      wireBytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
      firstPaintMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
      lastLongTaskEndMs: Math.max(0, ...tasks.map((task) => task.end)),
      longTaskMs: tasks.reduce((sum, task) => sum + task.end - task.start, 0),
    };
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  const usableMs = Math.max(figures.firstPaintMs, figures.lastLongTaskEndMs);
  const result = { page: href, ...figures, usableMs };
  measures.push(result);
  return result;
}

describe.each(pages)("%s", (href) => {
  let context: BrowserContext;
  let first: Measure;
  beforeAll(async () => {
    context = await freshContext();
    first = await measure(await context.newPage(), href);
  }, 240_000);
  afterAll(() => context?.close());

  it("weighs at most 1 MB over the wire on a first visit, renderer included", () => {
    expect(first.wireBytes).toBeGreaterThan(100_000); // the renderer alone is ~500 KB compressed
    expect(first.wireBytes).toBeLessThanOrEqual(WIRE_BUDGET);
  });

  it("takes the shared renderer from the cache on the next reference page", async () => {
    const next = pages.find((other) => other !== href) ?? href;
    const page = await context.newPage();
    await page.goto(`${site.url}/${next}`, { waitUntil: "load", timeout: 120_000 });
    const renderer = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((entry) => /\/assets\/redoc-[0-9a-f]+\.js$/.test(entry.name))
        .map((entry) => ({ transferSize: entry.transferSize, decodedBodySize: entry.decodedBodySize })),
    );
    expect(renderer).toHaveLength(1);
    expect(renderer[0]!.decodedBodySize).toBeGreaterThan(1_000_000);
    expect(renderer[0]!.transferSize).toBe(0);
    await page.close();
  }, 120_000);

  // Not met yet: evaluating Redoc's 2.2 MB renderer alone keeps the main thread busy for
  // about 1.3 s at a 4× slowdown, and building its model of a contract takes as long again
  // (reports/page-budget.json has the figures). When a page meets the budget, this fails:
  // make it a plain `it`.
  it("is measured: a first paint and the renderer's long tasks, from the page's own entries", () => {
    expect(first.firstPaintMs).toBeGreaterThan(0);
    expect(first.lastLongTaskEndMs).toBeGreaterThan(first.firstPaintMs);
    expect(first.longTaskMs).toBeGreaterThan(0);
  });

  it.fails("is usable within 1.5 s with the CPU slowed 4×", () => {
    expect(first.usableMs).toBeLessThanOrEqual(USABLE_BUDGET_MS);
  });
});
