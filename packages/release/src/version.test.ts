import { describe, expect, it } from "vitest";
import { changelogEntry, nextVersion } from "./version.js";

const removed = {
  api: "leankit",
  operation: "getBoard (GET /io/board/{boardId})",
  where: "response 200/title",
  rule: "response-field-removed",
  breaking: true,
  detail: "field title is gone",
  accepted: "renamed to name",
};
const added = {
  api: "leanmote",
  operation: "listTeams (GET /v1/teams)",
  where: "response 200/colour",
  rule: "response-field-added",
  breaking: false,
  detail: "new field colour",
};

describe("nextVersion", () => {
  it("is major for a breaking change, minor for a compatible one, patch otherwise", () => {
    expect(nextVersion("1.4.2", [removed, added])).toBe("2.0.0");
    expect(nextVersion("1.4.2", [added])).toBe("1.5.0");
    expect(nextVersion("1.4.2", [])).toBe("1.4.3");
  });
});

describe("changelogEntry", () => {
  it("lists breaking and compatible changes, with the recorded reasons", () => {
    expect(changelogEntry("2.0.0", [removed, added], "2026-11-25")).toBe(
      [
        "## 2.0.0 (2026-11-25)",
        "",
        "### Breaking",
        "",
        "- leankit: getBoard (GET /io/board/{boardId}) response 200/title: response-field-removed (field title is gone) — renamed to name",
        "",
        "### Compatible",
        "",
        "- leanmote: listTeams (GET /v1/teams) response 200/colour: response-field-added (new field colour)",
        "",
      ].join("\n"),
    );
  });
});
