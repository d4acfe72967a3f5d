// `lint` runs Biome with the workspace's one configuration (biome.json): a misformatted or
// lint-breaking file fails it, named with its line.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
const root = fileURLToPath(new URL("../../../", import.meta.url));
// Inside the repository, so that biome.json applies as it does to every package.
const scratch = mkdtempSync(join(root, "packages/tooling/.format-check-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function check(name: string, source: string): Promise<{ code: number; output: string }> {
  writeFileSync(join(scratch, name), source);
  return run(process.execPath, [biome, "ci", "--colors=off", join(scratch, name)], { cwd: root }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}

describe("biome.json", () => {
  it("passes a file formatted as configured", async () => {
    const { code, output } = await check("tidy.ts", 'export const greeting = "hello";\n');
    expect(output).toContain("Checked 1 file");
    expect(code).toBe(0);
  });

  it("fails a misformatted file, naming it", async () => {
    const { code, output } = await check("messy.ts", "export const greeting='hello'\n");
    expect(code).toBe(1);
    expect(output).toMatch(/messy\.ts format/);
    expect(output).toContain("File content differs from formatting output");
  });

  it("fails a file that breaks a lint rule, naming its line and the rule", async () => {
    const { code, output } = await check(
      "unsafe.ts",
      "export function f(a: number) {\n  let b;\n  return (b = a);\n}\n",
    );
    expect(code).toBe(1);
    expect(output).toMatch(/unsafe\.ts:2:7 lint\/suspicious\/noImplicitAnyLet/);
  });
});
