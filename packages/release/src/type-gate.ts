// The second gate: the client type tests (*.test-d.ts) of the previous revision must still
// type-check against the types generated from the new contracts.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const CLIENTS = "packages/clients";

/** A type test file; its path is relative to the clients package. */
export interface TypeTest {
  path: string;
  text: string;
}

/** A type test that no longer compiles, with tsc's error lines. */
export interface BrokenTypeTest {
  path: string;
  errors: string[];
}

/** The client type tests as they were at `rev`. */
export function typeTestsAt(root: string, rev: string): TypeTest[] {
  const git = (args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
  return git(["ls-tree", "-r", "--name-only", rev, `${CLIENTS}/src`])
    .split("\n")
    .filter((path) => path.endsWith(".test-d.ts"))
    .map((path) => ({ path: relative(CLIENTS, path), text: git(["show", `${rev}:${path}`]) }));
}

/**
 * Type-checks `tests` against the clients package as it is now (its generated types
 * included); returns the tests that no longer compile, with their errors. Undefined when
 * the types have not been generated here.
 */
export function checkTypeTests(root: string, tests: readonly TypeTest[]): BrokenTypeTest[] | undefined {
  const clients = join(root, CLIENTS);
  if (!existsSync(join(clients, "src/generated")) || tests.length === 0) return tests.length ? undefined : [];
  // A scratch copy inside the package, so that its node_modules resolve as usual.
  const scratch = mkdtempSync(join(clients, ".type-gate-"));
  try {
    cpSync(join(clients, "src"), join(scratch, "src"), {
      recursive: true,
      filter: (path) => !path.endsWith(".test-d.ts"),
    });
    for (const { path, text } of tests) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    const tsconfig = {
      extends: "../tsconfig.json",
      compilerOptions: { rootDir: "src", noEmit: true },
      include: ["src"],
    };
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = createRequire(join(clients, "package.json")).resolve("typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", scratch, "--pretty", "false"], {
      cwd: scratch,
      encoding: "utf8",
    });
    const errors = result.stdout.split("\n").filter((line) => line.includes("error TS"));
    return tests
      .map(({ path }) => ({ path, errors: errors.filter((line) => line.startsWith(path)) }))
      .filter((test) => test.errors.length > 0);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
