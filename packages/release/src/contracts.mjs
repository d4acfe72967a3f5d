// Finding and loading the contracts of a tree: every specs/<api>/openapi.yaml (bundled into
// one document by redocly) and every specs/<api>/openrpc.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");

/** `{ api, kind, entry }` for each contract under `<root>/specs`. */
export function findContracts(root) {
  const specs = join(root, "specs");
  if (!existsSync(specs)) return [];
  return readdirSync(specs, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => [
      ["openapi", join(specs, d.name, "openapi.yaml")],
      ["openrpc", join(specs, d.name, "openrpc.json")],
    ].filter(([, entry]) => existsSync(entry)).map(([kind, entry]) => ({ api: d.name, kind, entry })))
    .sort((a, b) => a.api.localeCompare(b.api));
}

/** The contract as one JSON document (OpenAPI bundled, split files resolved). */
export function loadContract({ kind, entry }) {
  if (kind === "openrpc") return JSON.parse(readFileSync(entry, "utf8"));
  const out = join(mkdtempSync(join(tmpdir(), "leanapis-bundle-")), "bundle.json");
  execFileSync(process.execPath, [redocly, "bundle", entry, "--ext", "json", "--output", out], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  return JSON.parse(readFileSync(out, "utf8"));
}

/** A directory holding `specs/` as it was at git revision `rev` of the repository at `root`. */
export function specsAt(root, rev) {
  const dir = mkdtempSync(join(tmpdir(), "leanapis-rev-"));
  const archive = execFileSync("git", ["archive", "--format=tar", rev, "specs"], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  return dir;
}
