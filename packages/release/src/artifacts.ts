// The artefacts CI users consume, rebuilt byte for byte from the same tree: every contract
// as one resolved file (OpenAPI as YAML and JSON; OpenRPC validated and dereferenced), the
// generated client types, and contracts.json with each artefact's SHA-256.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ContractKind, dereference, operationCount } from "@leanapis/contract-helpers";
import { lintOpenRpc } from "@leanapis/contract-helpers/openrpc-lint";
import { stringify } from "yaml";
import { findContracts, loadContract } from "./contracts.js";

/** One entry of contracts.json. */
export interface ManifestEntry {
  api: string;
  kind: ContractKind;
  title: string;
  version: string;
  operations: number;
  /** File name → SHA-256 (hex) of its content. */
  artifacts: Record<string, string>;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Writes the artefacts of the tree at `root` into `out`; returns the manifest. */
export function buildArtifacts(root: string, out: string): ManifestEntry[] {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const manifest: ManifestEntry[] = [];
  for (const contract of findContracts(root)) {
    const files: Record<string, string> = {};
    let document = loadContract(contract);
    if (contract.kind === "openrpc") {
      const { problems } = lintOpenRpc(readFileSync(contract.entry, "utf8"), contract.entry);
      if (problems.length) throw new Error(`${contract.entry} is not valid:\n${problems.join("\n")}`);
      document = dereference(document);
      files[`${contract.api}.openrpc.json`] = json(document);
    } else {
      files[`${contract.api}.openapi.json`] = json(document);
      files[`${contract.api}.openapi.yaml`] = stringify(document, { lineWidth: 0 });
    }
    for (const generated of [contract.api, `${contract.api}-exports`]) {
      const source = join(root, "packages/clients/src/generated", `${generated}.ts`);
      if (existsSync(source)) files[`${generated}.types.ts`] = readFileSync(source, "utf8");
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
    manifest.push({
      api: contract.api,
      kind: contract.kind,
      title: document.info.title,
      version: document.info.version,
      operations: operationCount(document),
      artifacts: Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)])),
    });
  }
  writeFileSync(join(out, "contracts.json"), json({ contracts: manifest }));
  return manifest;
}
