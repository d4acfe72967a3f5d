// Compares the contracts of two revisions and decides whether the change may land:
// breaking changes must be recorded, with a reason, in contract-changes.yaml.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { diffContracts } from "./diff.mjs";
import { findContracts, loadContract } from "./contracts.mjs";

export const CHANGES_FILE = "contract-changes.yaml";

/** The breaking changes recorded as deliberate: id → reason (entries without a reason do not count). */
export function acceptedChanges(root) {
  const file = join(root, CHANGES_FILE);
  if (!existsSync(file)) return new Map();
  const entries = parse(readFileSync(file, "utf8"))?.accepted ?? [];
  return new Map(entries.filter((e) => e?.id && String(e.reason ?? "").trim()).map((e) => [e.id, String(e.reason).trim()]));
}

/**
 * Every change between the contracts under `beforeRoot` and `afterRoot`, each marked
 * accepted or not by the changes file under `recordsRoot`.
 */
export function compareTrees(beforeRoot, afterRoot, recordsRoot = afterRoot) {
  const before = new Map(findContracts(beforeRoot).map((c) => [c.api, c]));
  const after = new Map(findContracts(afterRoot).map((c) => [c.api, c]));
  const accepted = acceptedChanges(recordsRoot);
  const empty = (kind) => (kind === "openrpc" ? { openrpc: "1.3.2", methods: [] } : { openapi: "3.1.0", paths: {} });
  const changes = [];
  for (const api of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(api), after.get(api)];
    const kind = (a ?? b).kind;
    changes.push(...diffContracts(api, b ? loadContract(b) : empty(kind), a ? loadContract(a) : empty(kind)));
  }
  return changes.map((change) => ({ ...change, accepted: accepted.get(change.id) }));
}

/** The readable report. */
export function formatReport(changes) {
  if (changes.length === 0) return "No contract changes.";
  const line = (c) => `  ${c.breaking ? (c.accepted ? "BREAKING (recorded)" : "BREAKING") : "compatible"}  ${c.operation}${c.where ? `  ${c.where}` : ""}: ${c.rule} — ${c.detail}${c.accepted ? `\n      reason: ${c.accepted}` : ""}`;
  const byApi = new Map();
  for (const change of changes) byApi.set(change.api, [...(byApi.get(change.api) ?? []), change]);
  const parts = [...byApi].map(([api, list]) => `${api}:\n${list.sort((x, y) => Number(y.breaking) - Number(x.breaking)).map(line).join("\n")}`);
  const open = changes.filter((c) => c.breaking && !c.accepted);
  parts.push(
    open.length
      ? `${open.length} breaking change(s) not recorded. If deliberate, add each to ${CHANGES_FILE} with a reason:\n${open.map((c) => `  - id: ${JSON.stringify(c.id)}\n    reason: "…"`).join("\n")}`
      : `${changes.filter((c) => c.breaking).length} breaking change(s), all recorded; ${changes.filter((c) => !c.breaking).length} compatible.`,
  );
  return parts.join("\n\n");
}
