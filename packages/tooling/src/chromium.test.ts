import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureChromium } from "./chromium.mjs";

describe("ensureChromium", () => {
  it("uses CHROMIUM_PATH when it exists", () => {
    const binary = join(mkdtempSync(join(tmpdir(), "leanapis-chromium-")), "chromium");
    writeFileSync(binary, "");
    expect(ensureChromium({ CHROMIUM_PATH: binary })).toBe(binary);
  });

  it("says clearly when CHROMIUM_PATH points nowhere, rather than installing something else", () => {
    expect(() => ensureChromium({ CHROMIUM_PATH: "/nonexistent/chromium" })).toThrow(
      "CHROMIUM_PATH=/nonexistent/chromium does not exist.",
    );
  });
});
