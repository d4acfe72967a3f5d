// Proof that drift is caught, and a proof that can fail: the mocks' real answers, first
// untouched (the control: no violation at all), then rewritten by one drift at a time
// (drifts.ts). A drift counts as caught only when a violation names its operation and its
// place; every drift's outcome is committed in the table, so one that goes from caught to
// missed (or the reverse) fails the run. Writes reports/drift.json for scripts/report.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import type { ApiId } from "@leanapis/registry";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Violation } from "../check/exchange.js";
import { reportsDir } from "../reports.js";
import { DRIFTS } from "./drifts.js";
import { answerOf, type DriftKind, type DriftResult, naming, runDrift, violationsOf, type Wire } from "./harness.js";
import { TARGETS, targetById } from "./targets.js";

const mockUrls = inject("mockUrls");
const allMocked = Object.values(mockUrls).every((url) => url !== null);
const baseUrl = (api: ApiId) => mockUrls[api]!;

/** The kinds of drift the issue names; each must have at least one drift. */
const KINDS: readonly DriftKind[] = [
  "header",
  "charset",
  "csv columns",
  "nullability",
  "id type",
  "date format",
  "array/object",
  "enum",
  "pagination",
  "rpc envelope",
  "rpc error",
  "error body",
  "status",
  "204 body",
];

describe.runIf(allMocked)("drift proof", () => {
  const answers = new Map<string, Wire>();
  let control: { target: string; violations: Violation[] }[] = [];
  let results: DriftResult[] = [];

  beforeAll(async () => {
    // One request per target, in turn: the drifts then rewrite copies, with no more traffic.
    for (const target of TARGETS) answers.set(target.id, await answerOf(target, baseUrl(target.api)));
    control = TARGETS.map((target) => ({
      target: target.id,
      violations: violationsOf(target, baseUrl(target.api), answers.get(target.id)!),
    }));
    results = DRIFTS.map((drift) => {
      const target = targetById(drift.target);
      return runDrift(drift, target, baseUrl(target.api), answers.get(target.id)!);
    });
    writeReport(control, results);
  });

  it("control: every target's real answer, without drift, has no violation", () => {
    expect(control.filter((entry) => entry.violations.length > 0)).toEqual([]);
    // Every target the drifts use is in the control, and answered as it should.
    for (const drift of DRIFTS) expect(control.map((entry) => entry.target)).toContain(drift.target);
  });

  it("has at least 60 drifts over the four APIs, of every kind, with few expected misses", () => {
    expect(DRIFTS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DRIFTS.map((drift) => drift.id)).size).toBe(DRIFTS.length);
    const apis = new Set(DRIFTS.map((drift) => targetById(drift.target).api));
    expect([...apis].sort()).toEqual(["leankit", "leanmote", "leantime", "reporting"]);
    for (const kind of KINDS)
      expect(
        DRIFTS.some((drift) => drift.kind === kind),
        kind,
      ).toBe(true);
    // A miss needs its reason, and most drifts must be caught: the table is not a list of excuses.
    const misses = DRIFTS.filter((drift) => drift.expected !== "caught");
    for (const drift of misses)
      expect(typeof drift.expected === "object" && drift.expected.missed.length > 20).toBe(true);
    expect(misses.length).toBeLessThanOrEqual(DRIFTS.length / 10);
  });

  it("ends every drift as the table commits it: caught where a violation names its operation and place", () => {
    const unexpected = results
      .filter((result) => result.outcome !== result.expected)
      .map((result) => {
        const seen = result.violations.map((v) => `${v.operation} ${v.place}: ${v.problem}`).join("; ") || "none";
        const why = result.outcome === "not applied" ? `not applied: ${result.reason}` : result.outcome;
        return `${result.id}: expected ${result.expected}, got ${why} (wanted ${result.operation} at ${result.place}; violations: ${seen})`;
      });
    expect(unexpected).toEqual([]);
  });

  it("does not count a declared error as a catch: the failure mode of counting any rejected call", () => {
    // The only "drift": a success answered with the contract's own 401, body and headers as declared.
    const listBoards = targetById("leankit listBoards");
    const declared401 = answers.get("leankit listBoards 401")!;
    expect(declared401.status).toBe(401);
    const result = runDrift(
      {
        id: "declared-401",
        kind: "status",
        target: listBoards.id,
        what: "listBoards answered with its declared 401",
        place: "body",
        rewrite: () => declared401,
        expected: "caught",
      },
      listBoards,
      baseUrl("leankit"),
      answers.get(listBoards.id)!,
    );
    // A client would reject the call (401 is an error), yet the contract allows it: nothing was caught.
    expect(result.violations).toEqual([]);
    expect(result.outcome).toBe("missed");

    // Nor does a violation elsewhere, or about another operation, prove a drift at this place.
    const elsewhere: Violation = { operation: "listBoards", place: "status", problem: "is not declared", value: 404 };
    const otherOperation: Violation = { operation: "getBoard", place: "body /boards/0/id", problem: "must be string" };
    expect(naming([elsewhere, otherOperation], "listBoards", "body /boards/0/id")).toEqual([]);
    const inside: Violation = { operation: "listBoards", place: "body /boards/0/id", problem: "must be string" };
    expect(naming([inside], "listBoards", "body /boards")).toEqual([inside]);
    expect(naming([{ ...inside, place: "body /boardsX" }], "listBoards", "body /boards")).toEqual([]);
  });
});

/** reports/drift.json: the control, caught/total, per API and kind, and every result. */
function writeReport(control: { target: string; violations: Violation[] }[], results: DriftResult[]): void {
  const tally = (key: (result: DriftResult) => string) => {
    const out: Record<string, { total: number; caught: number }> = {};
    for (const result of results) {
      const entry = out[key(result)] ?? { total: 0, caught: 0 };
      out[key(result)] = entry;
      entry.total++;
      if (result.outcome === "caught") entry.caught++;
    }
    return out;
  };
  const report = {
    rule: "a drift is caught only when a violation names the drifted operation and place",
    control: { targets: control.length, violations: control.flatMap((entry) => entry.violations) },
    total: results.length,
    caught: results.filter((result) => result.outcome === "caught").length,
    unexpected: results.filter((result) => result.outcome !== result.expected).map((result) => result.id),
    byApi: tally((result) => result.api),
    byKind: tally((result) => result.kind),
    results,
  };
  mkdirSync(reportsDir(), { recursive: true });
  writeFileSync(new URL("drift.json", reportsDir()), `${JSON.stringify(report, null, 2)}\n`);
}
