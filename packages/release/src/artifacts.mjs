// The artefacts CI users consume, rebuilt byte for byte from the same tree: every contract
// as one resolved file (OpenAPI as YAML and JSON; OpenRPC validated and dereferenced), the
// generated client types, and contracts.json with each artefact's SHA-256.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { lintOpenRpc } from "@leanapis/tooling/openrpc-lint";
import { findContracts, loadContract } from "./contracts.mjs";

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

/** The document with every local `$ref` replaced by what it points to (a cycle keeps its ref). */
export function dereference(document) {
  const lookup = (ref) => ref.slice(2).split("/").reduce((node, key) => node?.[key], document);
  const walk = (node, trail) => {
    if (Array.isArray(node)) return node.map((item) => walk(item, trail));
    if (!node || typeof node !== "object") return node;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
      return trail.includes(node.$ref) ? node : walk(lookup(node.$ref), [...trail, node.$ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value, trail)]));
  };
  return walk(document, []);
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const sha256 = (text) => createHash("sha256").update(text).digest("hex");

function operationCount(kind, document) {
  if (kind === "openrpc") return document.methods.length;
  return Object.values(document.paths).reduce((n, item) => n + Object.keys(item).filter((k) => HTTP_METHODS.has(k)).length, 0);
}

/** Writes the artefacts of the tree at `root` into `out`; returns the manifest. */
export function buildArtifacts(root, out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const manifest = [];
  for (const contract of findContracts(root)) {
    const files = {};
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
      operations: operationCount(contract.kind, document),
      artifacts: Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)])),
    });
  }
  writeFileSync(join(out, "contracts.json"), json({ contracts: manifest }));
  return manifest;
}
