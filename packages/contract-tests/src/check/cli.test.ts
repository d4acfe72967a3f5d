// leanapis-check as users run it: a child process over the HAR fixtures (built from the
// contracts' examples: in each, a clean exchange and drifted ones), its exit status, what
// it prints, and that no credential recorded in a HAR ever reaches its output.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "./cli.js";

const BIN = fileURLToPath(new URL("../../bin/leanapis-check.mjs", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
/** Starting Node and compiling the command can take long on a loaded machine: no deadline of the test's own. */
const SLOW = 300_000;

/** Every credential the fixtures carry, in the forms a leak could take. */
const SECRETS = [
  "fixture-bearer-7d1e0c5a9b",
  Buffer.from("ada@example.com:fixture-password-3c8e").toString("base64"),
  "fixture-password-3c8e",
  "fixture-session-51aa90",
  "fixture-query-token-e42b",
  "lt_fixtureuser_fixturesecret9f3",
  "fixturesecret9f3",
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function check(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function expectNoCredential({ stdout, stderr }: Run): void {
  for (const secret of SECRETS) {
    expect(stdout, `stdout shows ${secret}`).not.toContain(secret);
    expect(stderr, `stderr shows ${secret}`).not.toContain(secret);
  }
}

describe("leanapis-check", () => {
  it(
    "prints each exchange of a LeanKit HAR with its violations, and exits 1",
    async () => {
      const run = await check("--api", "leankit", fixture("leankit.har"));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      const lines = run.stdout.split("\n");
      expect(lines).toContain(
        "✓ #1 GET https://myaccount.leankit.com/io/auth/token → 200  listTokens (GET /io/auth/token)",
      );
      expect(lines).toContain(
        "✗ #2 POST https://myaccount.leankit.com/io/auth/token → 201  createToken (POST /io/auth/token)",
      );
      expect(lines).toContain('    header X-RateLimit-Reset: must be integer; value: "soon"');
      expect(lines).toContain("    body /createdOn: must be string; value: 1579040890");
      expect(lines).toContain('    body /token: must be string; value: "[redacted]"');
      expect(lines).toContain(
        "✗ #3 GET https://myaccount.leankit.com/io/nothing?token=[redacted] → 404  matches no operation: no path of the contract fits it",
      );
      expect(lines).toContain(
        "1 of 3 checked exchanges conform; 2 break the contract (4 violations); 1 matches no operation.",
      );
      expectNoCredential(run);
    },
    SLOW,
  );

  it(
    "gives the same as JSON with --json, credentials redacted there too",
    async () => {
      const run = await check("--api", "leankit", fixture("leankit.har"), "--json");
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as CheckReport;
      expect(report.summary).toEqual({
        exchanges: 3,
        checked: 3,
        conforming: 1,
        violating: 2,
        unmatched: 1,
        skipped: 0,
        violations: 4,
      });
      const [clean, drifted, unmatched] = report.exchanges;
      expect(clean).toMatchObject({ entry: 1, operation: "listTokens", route: "GET /io/auth/token", violations: [] });
      expect(drifted!.violations).toEqual([
        { operation: "createToken", place: "header X-RateLimit-Reset", problem: "must be integer", value: "soon" },
        { operation: "createToken", place: "body /createdOn", problem: "must be string", value: 1579040890 },
        { operation: "createToken", place: "body /token", problem: "must be string", value: "[redacted]" },
      ]);
      expect(unmatched).toMatchObject({
        operation: null,
        route: null,
        url: "https://myaccount.leankit.com/io/nothing?token=[redacted]",
      });
      expectNoCredential(run);
    },
    SLOW,
  );

  it(
    "checks CSV and TAB exports row by row, and JSON-RPC batches answer by answer",
    async () => {
      const exports = await check("--api", "reporting", fixture("reporting.har"));
      expect(exports.code).toBe(1);
      expect(exports.stdout).toContain(
        "✓ #1 GET https://myaccount.leankit.com/io/reporting/export/lanes.csv?token=[redacted] → 200",
      );
      expect(exports.stdout).toContain('    row 2 column wipLimit: must be integer; value: "unlimited"');
      expect(exports.stdout).toContain('    row 2 column isCompletedLane: must be boolean; value: "yes"');
      expectNoCredential(exports);

      const rpc = await check("--api", "leantime", fixture("leantime.har"));
      expect(rpc.code).toBe(1);
      expect(rpc.stdout).toContain("✓ #1 POST https://leantime.example.com/api/jsonrpc → 200");
      expect(rpc.stdout).toContain('    batch[0] result /projectId: must be integer or null; value: "three"');
      expect(rpc.stdout).toContain("    batch[2] error code: is not an error it declares");
      expect(rpc.stdout).toContain("✓ #3 POST https://leantime.example.com/api/jsonrpc → 401");
      expectNoCredential(rpc);
    },
    SLOW,
  );

  it(
    "exits 0 when every exchange conforms",
    async () => {
      const har = JSON.parse(readFileSync(fixture("leankit.har"), "utf8")) as { log: { entries: unknown[] } };
      har.log.entries = har.log.entries.slice(0, 1);
      const file = join(mkdtempSync(join(tmpdir(), "leanapis-check-")), "clean.har");
      writeFileSync(file, JSON.stringify(har));
      const run = await check("--api", "leankit", file);
      expect(run.stdout).toContain("1 of 1 checked exchange conforms.");
      expect(run.code).toBe(0);
    },
    SLOW,
  );

  it(
    "exits 2 on a usage error: an unknown API, a missing or unreadable HAR, no file",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "leanapis-check-"));
      writeFileSync(join(dir, "not-har.json"), '{"log": {}}');
      writeFileSync(join(dir, "not-json.har"), "<html>");
      const runs: Run[] = [];
      // One at a time: six processes at once would load a small machine for nothing.
      for (const args of [
        ["--api", "jira", fixture("leankit.har")],
        ["--api", "leankit", join(dir, "missing.har")],
        ["--api", "leankit", join(dir, "not-har.json")],
        ["--api", "leankit", join(dir, "not-json.har")],
        ["--api", "leankit"],
        [fixture("leankit.har")],
      ]) {
        runs.push(await check(...args));
      }
      expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2, 2, 2]);
      expect(runs[0]!.stderr).toContain("unknown API jira (known: leankit, reporting, leanmote, leantime)");
      expect(runs[1]!.stderr).toContain("cannot read");
      expect(runs[2]!.stderr).toContain("is not a HAR file");
      expect(runs[3]!.stderr).toContain("is not JSON");
      expect(runs[4]!.stderr).toContain("expected one HAR file, got 0");
      expect(runs[5]!.stderr).toContain("--api is required");
    },
    SLOW,
  );
});
