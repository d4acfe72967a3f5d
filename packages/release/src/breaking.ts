// Compares the contracts of two revisions and decides whether the change may land:
// breaking changes must be recorded, with a reason, in contract-changes.yaml.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ContractDocument, ContractKind } from "@leanapis/contract-helpers";
import { parse } from "yaml";
import { type ContractSource, findContracts, loadContract } from "./contracts.js";
import { type Change, diffContracts } from "./diff.js";

export const CHANGES_FILE = "contract-changes.yaml";

/** A change, with the reason it was recorded as deliberate (undefined: not recorded). */
export interface RecordedChange extends Change {
  accepted?: string | undefined;
}

/** contract-changes.yaml, as far as it is read here. */
type Entry = { id?: string; reason?: unknown } | null;
interface ChangesFile {
  accepted?: Entry[];
}

const hasReason = (e: Entry): e is { id: string; reason: unknown } => Boolean(e?.id && String(e.reason ?? "").trim());

/** The breaking changes recorded as deliberate: id → reason (entries without a reason do not count). */
export function acceptedChanges(root: string): Map<string, string> {
  const file = join(root, CHANGES_FILE);
  if (!existsSync(file)) return new Map();
  const entries = (parse(readFileSync(file, "utf8")) as ChangesFile | null)?.accepted ?? [];
  return new Map(entries.filter(hasReason).map((e) => [e.id, String(e.reason).trim()]));
}

/** A contract without operations, standing in for an API that one side does not have. */
function emptyContract(api: string, kind: ContractKind): ContractDocument {
  const info = { title: api, version: "0.0.0" };
  return kind === "openrpc" ? { openrpc: "1.3.2", info, methods: [] } : { openapi: "3.1.0", info, paths: {} };
}

/**
 * Every change between the contracts under `beforeRoot` and `afterRoot`, each marked
 * accepted or not by the changes file under `recordsRoot`.
 */
export function compareTrees(beforeRoot: string, afterRoot: string, recordsRoot = afterRoot): RecordedChange[] {
  const byApi = (root: string) => new Map(findContracts(root).map((c): [string, ContractSource] => [c.api, c]));
  const [before, after] = [byApi(beforeRoot), byApi(afterRoot)];
  const accepted = acceptedChanges(recordsRoot);
  const changes: Change[] = [];
  for (const api of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(api), after.get(api)];
    const { kind } = (a ?? b)!;
    const document = (source: ContractSource | undefined) => (source ? loadContract(source) : emptyContract(api, kind));
    changes.push(...diffContracts(api, document(b), document(a)));
  }
  return changes.map((change) => ({ ...change, accepted: accepted.get(change.id) }));
}

/** The readable report. */
export function formatReport(changes: readonly RecordedChange[]): string {
  if (changes.length === 0) return "No contract changes.";
  const line = (c: RecordedChange) => {
    const status = c.breaking ? (c.accepted ? "BREAKING (recorded)" : "BREAKING") : "compatible";
    const reason = c.accepted ? `\n      reason: ${c.accepted}` : "";
    return `  ${status}  ${c.operation}${c.where ? `  ${c.where}` : ""}: ${c.rule} — ${c.detail}${reason}`;
  };
  const byApi = new Map<string, RecordedChange[]>();
  for (const change of changes) byApi.set(change.api, [...(byApi.get(change.api) ?? []), change]);
  const parts = [...byApi].map(([api, list]) => {
    const breakingFirst = list.sort((x, y) => Number(y.breaking) - Number(x.breaking));
    return `${api}:\n${breakingFirst.map(line).join("\n")}`;
  });
  const open = changes.filter((c) => c.breaking && !c.accepted);
  const breaking = changes.filter((c) => c.breaking).length;
  if (open.length) {
    const entries = open.map((c) => `  - id: ${JSON.stringify(c.id)}\n    reason: "…"`).join("\n");
    const advice = `If deliberate, add each to ${CHANGES_FILE} with a reason:`;
    parts.push(`${open.length} breaking change(s) not recorded. ${advice}\n${entries}`);
  } else {
    parts.push(`${breaking} breaking change(s), all recorded; ${changes.length - breaking} compatible.`);
  }
  return parts.join("\n\n");
}
