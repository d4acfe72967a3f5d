import { describe, expect, it } from "vitest";
import { nodeVersionProblem, parseMinimum } from "./node-version.mjs";

describe("nodeVersionProblem", () => {
  it("accepts the minimum and anything newer", () => {
    for (const version of ["v20.19.0", "v20.20.2", "v22.0.0", "v24.1.3"])
      expect(nodeVersionProblem(version, ">=20.19")).toBeNull();
  });

  it("names the required and the actual version, and what to do", () => {
    expect(nodeVersionProblem("v18.20.4", ">=20.19")).toBe(
      "leanapis needs Node.js >=20.19, but this is Node.js v18.20.4. Install Node.js 20.19 or newer (https://nodejs.org, or `nvm install 20`) and run the command again.",
    );
    expect(nodeVersionProblem("v20.18.9", ">=20.19")).toContain("but this is Node.js v20.18.9");
  });

  it("refuses a range it cannot read rather than guessing", () => {
    expect(parseMinimum(">=20.19")).toEqual([20, 19, 0]);
    expect(() => parseMinimum("^20")).toThrow('Unsupported engines.node range "^20"');
  });
});
