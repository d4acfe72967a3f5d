import { describe, expect, it } from "vitest";
import { applyPatch, PatchError } from "./json-patch.js";

const card = () => ({ title: "Card", tags: ["one", "two"], size: 1, lane: { id: "1" } });

function patched(patch: unknown, document: Record<string, unknown> = card()) {
  applyPatch(document, patch);
  return document;
}

describe("applyPatch", () => {
  it("adds, replaces, removes, moves and copies, with - for the end of an array", () => {
    expect(
      patched([
        { op: "replace", path: "/title", value: "Renamed" },
        { op: "add", path: "/tags/-", value: "three" },
        { op: "add", path: "/tags/0", value: "zero" },
        { op: "remove", path: "/size" },
        { op: "copy", from: "/lane", path: "/previousLane" },
        { op: "move", from: "/lane/id", path: "/laneId" },
      ]),
    ).toEqual({
      title: "Renamed",
      tags: ["zero", "one", "two", "three"],
      lane: {},
      previousLane: { id: "1" },
      laneId: "1",
    });
  });

  it("takes LeanKit's remove with a value out of the array", () => {
    expect(patched([{ op: "remove", path: "/tags", value: "one" }]).tags).toEqual(["two"]);
  });

  it("sets a field the record does not carry yet on replace, as LeanKit's writable fields", () => {
    expect(patched([{ op: "replace", path: "/wipOverrideComment", value: "hotfix" }])).toMatchObject({
      wipOverrideComment: "hotfix",
    });
  });

  it("answers a failed test as a conflict and a bad path as a plain error", () => {
    const conflict = (() => {
      try {
        patched([{ op: "test", path: "/title", value: "Other" }]);
      } catch (error) {
        return error;
      }
    })();
    expect(conflict).toBeInstanceOf(PatchError);
    expect((conflict as PatchError).conflict).toBe(true);
    expect(() => patched([{ op: "remove", path: "/nothing/here" }])).toThrow(PatchError);
    expect(() => patched([{ op: "add", path: "/tags/9", value: "x" }])).toThrow(/out of range/);
    expect(() => patched([{ op: "jump", path: "/title" }])).toThrow(/unknown op/);
    expect(() => patched({ op: "add" })).toThrow(/array of operations/);
  });

  it("passes a test that holds and copies values, so the patch shares nothing with the request", () => {
    const value = { label: "Spec" };
    const document = patched([
      { op: "test", path: "/title", value: "Card" },
      { op: "add", path: "/link", value },
    ]);
    value.label = "changed";
    expect(document.link).toEqual({ label: "Spec" });
  });
});
