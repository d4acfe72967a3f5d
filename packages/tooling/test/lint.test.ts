import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
const config = fileURLToPath(new URL("../../../redocly.yaml", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

describe("the workspace's lint rules", () => {
  it("stop on a broken contract, naming the file, line and rule of each problem", async () => {
    const result = await run(process.execPath, [redocly, "lint", "broken-spec.yaml", "--config", config, "--format", "codeframe"], {
      cwd: fixtures,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    }).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    const output = result.stdout + result.stderr;
    expect(result.code).toBe(1);
    expect(output).toMatch(/broken-spec\.yaml:17:5/); // the operation without an operationId
    expect(output).toContain("operation-operationId");
    expect(output).toMatch(/broken-spec\.yaml:33:24/); // the example that breaks its schema
    expect(output).toContain("no-invalid-media-type-examples");
  });
});
