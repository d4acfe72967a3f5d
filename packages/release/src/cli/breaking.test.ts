// The check as CI runs it: a git repository with a fixture contract, a deliberate
// breaking edit in the working tree, then the edit recorded in the changes file.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../../bin/breaking.mjs", import.meta.url));
const fixture = readFileSync(new URL("./fixtures/demo-openapi.yaml", import.meta.url), "utf8");

function repository() {
  const root = mkdtempSync(join(tmpdir(), "leanapis-breaking-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  mkdirSync(join(root, "specs/demo"), { recursive: true });
  writeFileSync(join(root, "specs/demo/openapi.yaml"), fixture);
  git("add", ".");
  git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "demo contract");
  return root;
}

const check = (root: string) =>
  spawnSync(process.execPath, [cli, "--root", root, "--json", join(root, "report.json")], {
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
  });

describe("leanapis-breaking", () => {
  it("passes an unchanged tree", () => {
    const result = check(repository());
    expect(result.stdout).toContain("No contract changes.");
    expect(result.status).toBe(0);
  });

  it("fails a breaking edit, naming the operation, the field and the rule; recording it makes it pass", () => {
    const root = repository();
    writeFileSync(join(root, "specs/demo/openapi.yaml"), fixture.replace(/\n {8}tags:\n(?: {10}.*\n)+/, "\n"));
    const failed = check(root);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain("BREAKING  getThing (GET /things/{id})  response 200/tags: response-field-removed");
    expect(failed.stdout).toContain('- id: "demo:GET /things/{id}:response 200/tags:response-field-removed"');
    const report = JSON.parse(readFileSync(join(root, "report.json"), "utf8"));
    expect(report.changes).toEqual([
      expect.objectContaining({
        rule: "response-field-removed",
        breaking: true,
        operation: "getThing (GET /things/{id})",
      }),
    ]);

    writeFileSync(
      join(root, "contract-changes.yaml"),
      'accepted:\n  - id: "demo:GET /things/{id}:response 200/tags:response-field-removed"\n    reason: "tags moved to their own endpoint"\n',
    );
    const passed = check(root);
    expect(passed.stdout).toContain("BREAKING (recorded)");
    expect(passed.stdout).toContain("reason: tags moved to their own endpoint");
    expect(passed.status).toBe(0);
  });

  it("does not count a recorded change without a reason", () => {
    const root = repository();
    writeFileSync(join(root, "specs/demo/openapi.yaml"), fixture.replace(/\n {8}tags:\n(?: {10}.*\n)+/, "\n"));
    writeFileSync(
      join(root, "contract-changes.yaml"),
      'accepted:\n  - id: "demo:GET /things/{id}:response 200/tags:response-field-removed"\n',
    );
    expect(check(root).status).toBe(1);
  });

  it("lets a compatible addition through", () => {
    const root = repository();
    writeFileSync(
      join(root, "specs/demo/openapi.yaml"),
      fixture.replace(
        "        tags:\n",
        "        colour:\n          type: string\n          description: The colour.\n        tags:\n",
      ),
    );
    const result = check(root);
    expect(result.stdout).toContain(
      "compatible  getThing (GET /things/{id})  response 200/colour: response-field-added",
    );
    expect(result.status).toBe(0);
  });
});
