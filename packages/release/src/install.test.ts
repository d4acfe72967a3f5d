// The clients package as users get it: `pnpm pack` gives a tarball that installs into an
// empty project with npm alone, offline (its dependencies from local tarballs too), and
// works there from plain ESM and from TypeScript.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { APIS } from "@leanapis/registry";
import { describe, expect, it } from "vitest";

const clientsDir = fileURLToPath(new URL("../../clients/", import.meta.url));
const requireFromClients = createRequire(join(clientsDir, "package.json"));
/** A dependency's package folder (found from its entry: not every package exports its package.json). */
function packageDir(name: string, from = requireFromClients): string {
  let dir = dirname(from.resolve(name));
  while (
    !existsSync(join(dir, "package.json")) ||
    JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== name
  )
    dir = dirname(dir);
  return dir;
}

/**
 * An installed dependency as a tarball npm installs: its files under `package/`, as the
 * registry ships them, with hard links (pnpm's store shares identical files) made copies,
 * since npm does not extract links from a package.
 */
function pack(dir: string, into: string): string {
  const file = join(into, `${basename(dir)}.tgz`);
  execFileSync("tar", ["-czf", file, "--hard-dereference", "-C", dir, "--transform", "s,^\\.,package,", "."]);
  return file;
}

describe("the packed clients package", () => {
  it("installs offline into an empty project and works from ESM and TypeScript", () => {
    const tarballs = mkdtempSync(join(tmpdir(), "leanapis-tarballs-"));
    execFileSync("pnpm", ["pack", "--pack-destination", tarballs], { cwd: clientsDir, stdio: "ignore" });
    // Its dependencies (and TypeScript, for the type check) as tarballs too: nothing comes from the network.
    const openapiFetch = packageDir("openapi-fetch");
    const dependencies = [
      openapiFetch,
      packageDir("openapi-typescript-helpers", createRequire(join(openapiFetch, "package.json"))),
      packageDir("csv-parse"),
      packageDir("typescript"),
    ];
    const files = dependencies.map((dir) => pack(dir, mkdtempSync(join(tarballs, "dep-"))));
    const ours = join(tarballs, readdirSync(tarballs).find((f) => f.startsWith("leanapis-clients"))!);

    const project = mkdtempSync(join(tmpdir(), "leanapis-consumer-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", ours, ...files], {
      cwd: project,
      stdio: "pipe",
    });

    // Every API's client entry and factory, and one call through the LeanKit client.
    const factories = APIS.map(({ client }) => client.factory);
    writeFileSync(
      join(project, "index.mjs"),
      `${APIS.map(({ client }) => `import { ${client.factory} } from "${client.entry}";`).join("\n")}
const leankit = createLeanKitClient({ host: "acme", auth: { token: "t" }, fetch: async (r) => Response.json({ id: r.url }) });
const { data } = await leankit.GET("/io/board/{boardId}", { params: { path: { boardId: "1" } } });
console.log(data.id, ${factories.map((factory) => `typeof ${factory}`).join(", ")});
`,
    );
    expect(execFileSync(process.execPath, ["index.mjs"], { cwd: project, encoding: "utf8" }).trim()).toBe(
      `https://acme.leankit.com/io/board/1 ${factories.map(() => "function").join(" ")}`,
    );

    writeFileSync(
      join(project, "index.ts"),
      `import { createLeanKitClient, type LeanKitSchema } from "@leanapis/clients/leankit";
import type { ReportingExportRows } from "@leanapis/clients/reporting";
const board: LeanKitSchema<"Board"> | undefined = (await createLeanKitClient({ host: "acme", auth: { token: "t" } }).GET("/io/board/{boardId}", { params: { path: { boardId: "1" } } })).data;
const row: ReportingExportRows["cards"]["cardTitle"] = "Card";
// @ts-expect-error: not a path of the contract
createLeanKitClient({ host: "acme", auth: { token: "t" } }).GET("/io/nothing");
export { board, row };
`,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          lib: ["ES2023", "DOM"],
          skipLibCheck: false,
        },
        files: ["index.ts"],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(project, "node_modules/typescript/bin/tsc"), "-p", project], {
      cwd: project,
      encoding: "utf8",
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
