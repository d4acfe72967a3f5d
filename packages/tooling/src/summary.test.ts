import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addCounts, findSummaries, formatCounts, readCounts } from "./summary.mjs";

describe("the closing summary line", () => {
  it("sums the summary files of every package that has one", () => {
    const root = mkdtempSync(join(tmpdir(), "leanapis-summary-"));
    const write = (dir: string, counts: object) => {
      mkdirSync(join(root, dir, "reports"), { recursive: true });
      writeFileSync(join(root, dir, "reports", "test-summary.json"), JSON.stringify(counts));
    };
    write("packages/a", { passed: 3, failed: 0, skipped: 1 });
    write("packages/b", { passed: 5, failed: 2, skipped: 0 });
    mkdirSync(join(root, "packages/no-tests"), { recursive: true });
    const total = addCounts(findSummaries(root).map(readCounts));
    expect(total).toEqual({ passed: 8, failed: 2, skipped: 1 });
    expect(formatCounts(total)).toBe("8 passed, 2 failed, 1 skipped");
  });

  it("leaves out skipped when there are none", () => {
    expect(formatCounts({ passed: 4, failed: 0, skipped: 0 })).toBe("4 passed, 0 failed");
  });
});
