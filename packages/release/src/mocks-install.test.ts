// The mocks package as users get it: `pnpm pack` gives tarballs of it and of the workspace
// packages it needs (registry, contract helpers, the bundled contracts) that install into an
// empty project with npm alone, offline and from an empty npm cache, their own dependencies
// taken from the pnpm store. There `npx leanapis-mocks` starts the mocks asked for, and
// `startMocks()` works from plain ESM. Prism, an optional peer, is not installed.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { APIS, type ApiId, apiById, loadContract } from "@leanapis/registry";
import { freePorts, portIsFree } from "@leanapis/tooling/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const mocksDir = fileURLToPath(new URL("../../mocks/", import.meta.url));
const INSTALL_TIMEOUT_MS = 180_000;
const HOST = "127.0.0.1";

interface PackageJson {
  name: string;
  version: string;
  exports?: unknown;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}

/** The folder Node loads package `name` from when it is required from `from`: the nearest node_modules/<name>, its real path. */
function findPackage(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`${name} is not installed where ${from} would find it`);
  }
}

interface Dependency {
  name: string;
  version: string;
  dir: string;
  /** The packages (by name: npm overrides take names) whose dependency this version is. */
  dependents: Set<string>;
}

/**
 * Everything a package needs at run time, itself included: its `dependencies` (and the peers
 * npm would install, the required ones), recursively, each resolved from its dependent's
 * folder as Node does. Keyed by name@version: a name can be needed in more than one version.
 */
function runtimeClosure(root: string): Map<string, Dependency> {
  const closure = new Map<string, Dependency>();
  const visit = (dir: string, dependent?: string) => {
    const pkg = readPackageJson(dir);
    const key = `${pkg.name}@${pkg.version}`;
    const known = closure.get(key);
    if (known) {
      if (dependent) known.dependents.add(dependent);
      return;
    }
    closure.set(key, { name: pkg.name, version: pkg.version, dir, dependents: new Set(dependent ? [dependent] : []) });
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => !pkg.peerDependenciesMeta?.[name]?.optional);
    for (const name of [...Object.keys(pkg.dependencies ?? {}), ...peers]) visit(findPackage(name, dir), pkg.name);
  };
  visit(realpathSync(root));
  return closure;
}

/** The files a package's `exports` and `bin` point at. */
function entryFiles(pkg: PackageJson): string[] {
  const targets = (value: unknown): string[] =>
    typeof value === "string"
      ? [value]
      : value && typeof value === "object"
        ? Object.values(value).flatMap(targets)
        : [];
  return [...targets(pkg.exports), ...targets(pkg.bin)];
}

/**
 * An installed third-party package as a tarball npm installs: its files under `package/`, as
 * the registry ships them, with hard links (pnpm's store shares identical files) made copies.
 */
function tarball(dependency: Dependency, into: string): string {
  const file = join(into, `${dependency.name.replace("/", "+")}@${dependency.version}.tgz`);
  execFileSync("tar", [
    "-czf",
    file,
    "--hard-dereference",
    "-C",
    dependency.dir,
    "--transform",
    "s,^\\.,package,",
    ".",
  ]);
  return file;
}

/**
 * What `npm install` gets for a set of tarballs: one version of each name at the top, and an
 * override for each dependent of another version, so npm never asks a registry for one.
 */
function installPlan(tarballs: Map<Dependency, string>): { top: string[]; overrides: Record<string, object> } {
  const byName = new Map<string, Dependency[]>();
  for (const dependency of tarballs.keys())
    byName.set(dependency.name, [...(byName.get(dependency.name) ?? []), dependency]);
  const top: string[] = [];
  const overrides: Record<string, Record<string, string>> = {};
  for (const [name, versions] of byName) {
    const [first, ...others] = versions.sort((a, b) => b.dependents.size - a.dependents.size);
    top.push(tarballs.get(first!)!);
    for (const other of others) {
      for (const dependent of other.dependents)
        overrides[dependent] = { ...overrides[dependent], [name]: `file:${tarballs.get(other)}` };
    }
  }
  return { top, overrides };
}

/** A distinct free loopback port per API (see `freePorts`). */
async function portsByApi(): Promise<Record<ApiId, number>> {
  const ports = await freePorts(APIS.length);
  return Object.fromEntries(APIS.map(({ id }, i) => [id, ports[i]!])) as Record<ApiId, number>;
}

interface Launched {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Settles once the command has exited and its output is closed (what it started shares that output). */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether anything of its process group (the command and what it started) still runs. */
  running: () => boolean;
}

/** Commands started in the project, each in its own process group: whatever they start can be ended with them. */
const launched: Launched[] = [];

function launch(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Launched {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  const running = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const handle = { child, stdout: () => stdout, stderr: () => stderr, exit, running };
  launched.push(handle);
  return handle;
}

/** Ends a launched command's process group, if it still runs. */
function end(handle: Launched): void {
  if (handle.running()) process.kill(-handle.child.pid!, "SIGKILL");
}

/** Resolves once `condition` holds, checking it every 50 ms: the test's own timeout bounds the wait. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

const URL_PATTERN = /http:\/\/127\.0\.0\.1:(\d+)/g;

describe("the packed mocks package", () => {
  let work = "";
  let project = "";
  let env: NodeJS.ProcessEnv = {};
  let closure = new Map<string, Dependency>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "leanapis-mocks-install-"));
    project = join(work, "project");
    const tarballDir = join(work, "tarballs");
    mkdirSync(project);
    mkdirSync(tarballDir);
    // A user's shell, not this workspace's: no NODE_PATH into the pnpm store (through which
    // Prism would be found) and no npm settings of the pnpm run. npm's cache is empty and its
    // own: nothing can come from an earlier install or the network.
    const inherited = Object.entries(process.env).filter(([name]) => name !== "NODE_PATH" && !/^npm_/i.test(name));
    env = {
      ...Object.fromEntries(inherited),
      npm_config_cache: join(work, "npm-cache"),
      npm_config_offline: "true",
      npm_config_update_notifier: "false",
      DO_NOT_TRACK: "1",
    };

    closure = runtimeClosure(mocksDir);
    const workspace = [...closure.values()].filter(({ dir }) => !dir.split("/").includes("node_modules"));
    expect(workspace.map(({ name }) => name).sort()).toEqual(
      [
        "@leanapis/mocks",
        "@leanapis/registry",
        "@leanapis/contract-helpers",
        ...APIS.map((api) => api.contract.package),
      ].sort(),
    );
    // The test task runs after the build: the packages' dist/ must be there to be packed.
    const unbuilt = workspace.flatMap(({ name, dir }) =>
      entryFiles(readPackageJson(dir))
        .filter((file) => !existsSync(join(dir, file)))
        .map((file) => `${name}: ${file}`),
    );
    if (unbuilt.length > 0) throw new Error(`Build these packages before packing them:\n${unbuilt.join("\n")}`);

    const tarballs = new Map<Dependency, string>();
    for (const dependency of closure.values()) {
      if (!workspace.includes(dependency)) {
        tarballs.set(dependency, tarball(dependency, tarballDir));
        continue;
      }
      const into = mkdtempSync(join(tarballDir, "pnpm-"));
      await run("pnpm", ["pack", "--pack-destination", into], { cwd: dependency.dir });
      const [file] = readdirSync(into);
      const packed = join(into, file!);
      // Only what runs: dist/ and the manifest (npm adds a README or licence when there is one).
      const entries = execFileSync("tar", ["-tzf", packed], { encoding: "utf8" }).trim().split("\n");
      expect(entries.filter((entry) => !/^package\/(dist\/|package\.json$|README|LICEN[CS]E)/i.test(entry))).toEqual(
        [],
      );
      const manifest = execFileSync("tar", ["-xzOf", packed, "package/package.json"], { encoding: "utf8" });
      expect(manifest).not.toContain("workspace:");
      tarballs.set(dependency, packed);
    }

    const { top, overrides } = installPlan(tarballs);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module", overrides }),
    );
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", ...top], {
      cwd: project,
      env,
    });
  }, INSTALL_TIMEOUT_MS);

  afterAll(() => {
    for (const handle of launched) end(handle);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("installs exactly its runtime dependencies, without Prism", () => {
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version: string }>;
    };
    const installed = Object.entries(lock.packages)
      .filter(([path]) => path !== "")
      .map(
        ([path, { version }]) => `${path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)}@${version}`,
      );
    expect(installed.sort()).toEqual([...closure.keys()].sort());
    expect(installed.filter((name) => name.startsWith("@stoplight/"))).toEqual([]);
  });

  it(
    "starts the mocks asked for with npx leanapis-mocks, and stops them on SIGTERM",
    async () => {
      const ports = await portsByApi();
      const portEnv = Object.fromEntries(APIS.map(({ id, mock }) => [mock.portEnv, String(ports[id])]));
      const started: ApiId[] = ["leankit", "leantime"];
      const cli = launch("npx", ["leanapis-mocks", "--api", started.join(",")], {
        cwd: project,
        env: { ...env, ...portEnv },
      });
      const printed = () => [...cli.stdout().matchAll(URL_PATTERN)].map((match) => Number(match[1]));
      try {
        let exited = false;
        void cli.exit.finally(() => {
          exited = true;
        });
        await until(() => exited || printed().length >= started.length);
        expect(exited, `leanapis-mocks exited:\n${cli.stdout()}${cli.stderr()}`).toBe(false);
        expect(printed().sort()).toEqual(started.map((api) => ports[api]).sort());

        const leankit = await fetch(`http://${HOST}:${ports.leankit}/io/board`, {
          headers: { authorization: "Bearer mock-token" },
        });
        expect(leankit.status).toBe(200);
        expect(leankit.headers.get("content-type")).toMatch(/^application\/json/);
        expect(await leankit.json()).toHaveProperty("boards");

        const endpoint = new URL(loadContract("leantime").servers!.find(({ name }) => name === "mock")!.url).pathname;
        const leantime = await fetch(`http://${HOST}:${ports.leantime}${endpoint}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": "mock-key" },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "leantime.rpc.Tickets.Tickets.getTicket",
            params: { id: 1 },
          }),
        });
        expect(leantime.status).toBe(200);
        expect(await leantime.json()).toMatchObject({ jsonrpc: "2.0", id: 1, result: expect.any(Object) });

        // No other mock: their ports, given to it as well, are still free.
        const others = APIS.filter(({ id }) => !started.includes(id));
        expect(await Promise.all(others.map(({ id }) => portIsFree(ports[id])))).toEqual(others.map(() => true));

        // SIGTERM to the whole job, as a process manager or `kill -- -<pgid>` sends it: npx
        // alone only forwards it to its shell, which does not pass it on to the mocks.
        process.kill(-cli.child.pid!, "SIGTERM");
        await cli.exit;
        await until(() => !cli.running());
        expect(await Promise.all(started.map((api) => portIsFree(ports[api])))).toEqual(started.map(() => true));
        expect(printed()).toHaveLength(started.length);
      } finally {
        end(cli);
      }
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    "starts and stops a mock through startMocks() from plain ESM",
    async () => {
      writeFileSync(
        join(project, "start.mjs"),
        `import { startMocks } from "@leanapis/mocks";
const mocks = await startMocks({ apis: ["leankit"], ports: { leankit: 0 } });
const response = await fetch(\`\${mocks.servers[0].url}/io/board\`, { headers: { authorization: "Bearer mock-token" } });
const { boards } = await response.json();
await mocks.stop();
console.log(JSON.stringify({ apis: mocks.servers.map(({ api }) => api), status: response.status, boards: Array.isArray(boards) }));
`,
      );
      // It exits by itself: stopping the mock leaves nothing open.
      const script = launch(process.execPath, ["start.mjs"], { cwd: project, env });
      try {
        expect(await script.exit, script.stderr()).toEqual({ code: 0, signal: null });
        expect(JSON.parse(script.stdout())).toEqual({ apis: ["leankit"], status: 200, boards: true });
      } finally {
        end(script);
      }
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    "says how to install Prism when the prism engine is asked for without it",
    async () => {
      const version = readPackageJson(mocksDir).peerDependencies?.["@stoplight/prism-cli"];
      const message = `--engine prism needs @stoplight/prism-cli: npm install @stoplight/prism-cli@${version}`;
      const ports = await portsByApi();
      const cli = launch("npx", ["leanapis-mocks", "--api", "leankit", "--engine", "prism"], {
        cwd: project,
        env: { ...env, [apiById("leankit").mock.portEnv]: String(ports.leankit) },
      });
      writeFileSync(
        join(project, "prism.mjs"),
        `import { startMocks } from "@leanapis/mocks";
await startMocks({ apis: ["leankit"], ports: { leankit: 0 }, engine: "prism" }).then(
  (mocks) => mocks.stop().then(() => console.log("started")),
  (error) => console.log(error.message),
);
`,
      );
      const script = launch(process.execPath, ["prism.mjs"], { cwd: project, env });
      try {
        expect(await cli.exit).toEqual({ code: 1, signal: null });
        expect(cli.stderr()).toContain(message);
        expect(await script.exit, script.stderr()).toEqual({ code: 0, signal: null });
        expect(script.stdout()).toBe(`${message}\n`);
      } finally {
        end(cli);
        end(script);
      }
    },
    INSTALL_TIMEOUT_MS,
  );
});
