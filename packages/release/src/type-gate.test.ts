import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkTypeTests } from "./type-gate.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("checkTypeTests", () => {
  it("passes type tests that still hold against the generated types", () => {
    const test = `import { createLeanKitClient } from "./index.js";
const client = createLeanKitClient({ host: "a", auth: { token: "t" } });
export const call = () => client.GET("/io/board/{boardId}", { params: { path: { boardId: "1" } } });
`;
    expect(checkTypeTests(root, [{ path: "src/leankit/old.test-d.ts", text: test }])).toEqual([]);
  });

  it("names an old type test that no longer compiles, with the error", () => {
    const test = `import { createLeanKitClient } from "./index.js";
const client = createLeanKitClient({ host: "a", auth: { token: "t" } });
export const call = () => client.GET("/io/boards/{boardId}", { params: { path: { boardId: "1" } } });
`;
    const [broken] = checkTypeTests(root, [{ path: "src/leankit/old.test-d.ts", text: test }])!;
    expect(broken!.path).toBe("src/leankit/old.test-d.ts");
    expect(broken!.errors[0]).toMatch(/^src\/leankit\/old\.test-d\.ts\(3,\d+\): error TS/);
  });
});
