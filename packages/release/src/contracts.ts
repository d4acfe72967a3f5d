// Finding and loading the contracts of a tree: every specs/<api>/openapi.yaml (bundled into
// one document by redocly) and every specs/<api>/openrpc.json. The tree is scanned rather
// than read from the registry, because an older revision may have had other APIs.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ContractDocument, type ContractKind, readContract } from "@leanapis/contract-helpers";

const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");

export interface ContractSource {
  /** The folder name under specs/. */
  api: string;
  kind: ContractKind;
  /** The contract's entry file. */
  entry: string;
}

const ENTRY_FILES: readonly (readonly [ContractKind, string])[] = [
  ["openapi", "openapi.yaml"],
  ["openrpc", "openrpc.json"],
];

/** Each contract under `<root>/specs`, by API name. */
export function findContracts(root: string): ContractSource[] {
  const specs = join(root, "specs");
  if (!existsSync(specs)) return [];
  return readdirSync(specs, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      ENTRY_FILES.map(([kind, file]) => ({ api: d.name, kind, entry: join(specs, d.name, file) })).filter(({ entry }) =>
        existsSync(entry),
      ),
    )
    .sort((a, b) => a.api.localeCompare(b.api));
}

/** The contract as one JSON document (OpenAPI bundled, split files resolved). */
export function loadContract({ kind, entry }: ContractSource): ContractDocument {
  if (kind === "openrpc") return readContract(entry);
  const out = join(mkdtempSync(join(tmpdir(), "leanapis-bundle-")), "bundle.json");
  execFileSync(process.execPath, [redocly, "bundle", entry, "--ext", "json", "--output", out], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  return readContract(out);
}

/** A directory holding `specs/` as it was at git revision `rev` of the repository at `root`. */
export function specsAt(root: string, rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), "leanapis-rev-"));
  const archive = execFileSync("git", ["archive", "--format=tar", rev, "specs"], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  return dir;
}
