// `typecheck` must cover every line of code the repository keeps: each tracked TypeScript or
// JavaScript file belongs to a package whose tsconfig.json includes it.
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const root = fileURLToPath(new URL("../../../", import.meta.url));

/** The nearest folder above `file` with a package.json: the package the file belongs to. */
function packageOf(file: string): string {
  let dir = dirname(file);
  while (dir !== "." && !existsSync(join(root, dir, "package.json"))) dir = dirname(dir);
  return dir;
}

const code = execFileSync("git", ["ls-files", "*.ts", "*.mts", "*.js", "*.mjs"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((file) => file !== "" && existsSync(join(root, file)));
const byPackage = new Map<string, string[]>();
for (const file of code) byPackage.set(packageOf(file), [...(byPackage.get(packageOf(file)) ?? []), file]);

describe("typecheck", () => {
  it("has code to check", () => {
    expect(code.length).toBeGreaterThan(100);
    expect(byPackage.has(".")).toBe(false); // no code outside a package
  });

  it.each([...byPackage.keys()])("covers every file of %s", { timeout: 120_000 }, async (pkg) => {
    const project = join(root, pkg, "tsconfig.json");
    expect(existsSync(project), `${pkg} has a tsconfig.json`).toBe(true);
    const { stdout } = await run(process.execPath, [tsc, "-p", project, "--listFilesOnly"], { maxBuffer: 1 << 26 });
    const checked = new Set(stdout.split("\n").map((line) => line.trim()));
    const missed = byPackage.get(pkg)!.filter((file) => !checked.has(join(root, file)));
    expect(missed).toEqual([]);
  });
});
