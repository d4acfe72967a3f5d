// The contract command's verdict per API: a live run judged by what it reached, a mock run
// by every operation exercised, and any violation failing either.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkerFor } from "../check/check-exchange.js";
import type { OpenApiChecker } from "../check/openapi-checker.js";
import { apiConformance } from "./conformance.js";
import type { ExerciseRecord, RunRecords } from "./coverage-table.js";

const dir = mkdtempSync(join(tmpdir(), "leanapis-conformance-"));
const reports = pathToFileURL(`${dir}/`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (operationId: string, status: number, how: "reached" | "forced"): ExerciseRecord => ({
  api: "leanmote",
  operationId,
  status,
  how,
  test: "a test",
});
const run = (records: ExerciseRecord[], violations: RunRecords["violations"] = []): RunRecords => ({
  records,
  violations,
  live: {},
});
const LIVE = "http://127.0.0.1:9";
// Leanmote's operations and declared statuses, from its contract (the figures move with it).
const operations = (checkerFor("leanmote") as OpenApiChecker).operations();
const statuses = operations.flatMap((entry) => Object.keys(entry.operation.responses ?? {})).length;

describe("apiConformance", () => {
  it("passes a live run on what it reached, listing what it could not reach", () => {
    writeFileSync(
      new URL("live-leanmote.json", reports),
      JSON.stringify({ notReached: [{ operation: "getTask", missing: "task_id" }] }),
    );
    const result = apiConformance("leanmote", LIVE, run([record("listTeams", 200, "reached")]), reports);
    expect(result.problems).toEqual([]);
    expect(result.lines[0]).toBe(
      `leanmote (LIVE at ${LIVE}): 1/${operations.length} operations checked, 1 reached by a real condition; 1/${statuses} declared statuses reached; 0 violation(s)`,
    );
    expect(result.lines[1]).toBe("  not reached (no id found): getTask (no task_id)");
  });

  it("fails a live run that reached nothing, or that forced a status", () => {
    expect(apiConformance("leanmote", LIVE, run([]), reports).problems).toEqual([
      "leanmote: the live run reached no operation",
    ]);
    const forced = run([record("listTeams", 200, "reached"), record("listTeams", 429, "forced")]);
    expect(apiConformance("leanmote", LIVE, forced, reports).problems).toEqual([
      "leanmote: statuses forced with Prefer on a live API: listTeams",
    ]);
  });

  it("fails a mock run that left operations unexercised", () => {
    const [problem] = apiConformance(
      "leanmote",
      undefined,
      run([record("listTeams", 200, "forced")]),
      reports,
    ).problems;
    expect(problem).toMatch(
      new RegExp(`^leanmote: ${operations.length - 1} operation\\(s\\) never exercised: listOrganizations, `),
    );
  });

  it("fails on a violation and prints it with its operation and place", () => {
    const violation = {
      api: "leanmote",
      operation: "getTeam",
      place: "body /data/id",
      problem: "must be string",
      value: 7,
    };
    const result = apiConformance("leanmote", LIVE, run([record("getTeam", 200, "reached")], [violation]), reports);
    expect(result.problems).toEqual(["leanmote: 1 violation(s) of the contract"]);
    expect(result.lines).toContain("  ✗ getTeam: body /data/id: must be string; value: 7");
  });
});
