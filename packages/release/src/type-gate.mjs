// The second gate: the client type tests (*.test-d.ts) of the previous revision must still
// type-check against the types generated from the new contracts.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const CLIENTS = "packages/clients";

/** The client type tests as they were at `rev`: `{ path, text }`, paths relative to the clients package. */
export function typeTestsAt(root, rev) {
  const listing = execFileSync("git", ["ls-tree", "-r", "--name-only", rev, `${CLIENTS}/src`], { cwd: root, encoding: "utf8" });
  return listing
    .split("\n")
    .filter((path) => path.endsWith(".test-d.ts"))
    .map((path) => ({ path: relative(CLIENTS, path), text: execFileSync("git", ["show", `${rev}:${path}`], { cwd: root, encoding: "utf8" }) }));
}

/**
 * Type-checks `tests` against the clients package as it is now (its generated types
 * included); returns the tests that no longer compile, with their errors. Undefined when
 * the types have not been generated here.
 */
export function checkTypeTests(root, tests) {
  const clients = join(root, CLIENTS);
  if (!existsSync(join(clients, "src/generated")) || tests.length === 0) return tests.length ? undefined : [];
  // A scratch copy inside the package, so that its node_modules resolve as usual.
  const scratch = mkdtempSync(join(clients, ".type-gate-"));
  try {
    cpSync(join(clients, "src"), join(scratch, "src"), { recursive: true, filter: (path) => !path.endsWith(".test-d.ts") });
    for (const { path, text } of tests) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", compilerOptions: { rootDir: "src", noEmit: true }, include: ["src"] }));
    const tsc = createRequire(join(clients, "package.json")).resolve("typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", scratch, "--pretty", "false"], { cwd: scratch, encoding: "utf8" });
    const errors = result.stdout.split("\n").filter((line) => line.includes("error TS"));
    return tests
      .map(({ path }) => ({ path, errors: errors.filter((line) => line.startsWith(path)) }))
      .filter((test) => test.errors.length > 0);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
