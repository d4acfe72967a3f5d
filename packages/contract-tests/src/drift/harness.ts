// The drift harness: the mock's real answer to a target request, read once as bytes on the
// wire, then rewritten by one drift before the checker sees it. A drift counts as caught
// only when a violation names the operation it drifted and the place it changed: any
// other violation (or a refusal the contract declares) is no proof that the checker saw it.
import type { ApiId } from "@leanapis/registry";
import { inspectExchange } from "../check/check-exchange.js";
import type { Exchange, Violation } from "../check/exchange.js";

/** A response as it crossed the wire: what a drift rewrites. */
export interface Wire {
  status: number;
  /** Names as sent; a drift may drop, add or garble any of them. */
  headers: [string, string][];
  body: Uint8Array;
}

export interface TargetRequest {
  method: string;
  /** The path and query, appended to the mock's URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Target {
  id: string;
  api: ApiId;
  /** The operationId or JSON-RPC method a violation about this answer names. */
  operation: string;
  request: TargetRequest;
}

export type DriftKind =
  | "header"
  | "charset"
  | "content type"
  | "csv columns"
  | "csv cells"
  | "nullability"
  | "id type"
  | "date format"
  | "array/object"
  | "enum"
  | "pagination"
  | "rpc envelope"
  | "rpc error"
  | "error body"
  | "status"
  | "204 body"
  | "renamed field";

export type Expected = "caught" | { missed: string };

export interface Drift {
  /** Stable key: the committed expectation and the report are keyed by it. */
  id: string;
  kind: DriftKind;
  target: string;
  what: string;
  /** The operation the drift changed, when not the target's (a batch's second call, say). */
  operation?: string;
  /** Where it changed the answer: a violation's place must be this, or lie inside it. */
  place: string;
  rewrite: (wire: Wire) => Wire;
  expected: Expected;
}

export interface DriftResult {
  id: string;
  api: ApiId;
  kind: DriftKind;
  target: string;
  what: string;
  operation: string;
  place: string;
  /** `not applied`: the rewrite found nothing to change in the answer (the mock's answer changed). */
  outcome: "caught" | "missed" | "not applied";
  expected: "caught" | "missed";
  /** Why a miss is expected (from the drift table). */
  reason?: string;
  /** The violation that names the drift, else every violation found (none, or about other places). */
  violations: Violation[];
}

/** The exchange the checker reads: the target's request and a (drifted) answer. */
export function exchangeOf(target: Target, baseUrl: string, wire: Wire): Exchange {
  const { method, url, headers, body } = target.request;
  return {
    request: { method, url: `${baseUrl}${url}`, headers, body: body ?? null },
    response: { status: wire.status, headers: wire.headers, body: wire.body },
  };
}

/** The mock's real answer, as bytes; fetch cannot carry a body on 204, so drifts work on this form. */
export async function answerOf(target: Target, baseUrl: string): Promise<Wire> {
  const { method, url, headers, body } = target.request;
  const response = await fetch(`${baseUrl}${url}`, { method, headers, body });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Hop-by-hop and per-connection headers say nothing about the contract, and drift between runs.
  const skip = new Set(["connection", "keep-alive", "date", "transfer-encoding", "content-length"]);
  const kept = [...response.headers].filter(([name]) => !skip.has(name.toLowerCase()));
  return { status: response.status, headers: kept, body: bytes };
}

export function violationsOf(target: Target, baseUrl: string, wire: Wire): Violation[] {
  return inspectExchange(target.api, exchangeOf(target, baseUrl, wire)).violations;
}

/** Whether a violation is about `place` or something inside it (`body /boards` holds `body /boards/0/id`). */
export function isAt(violation: Violation, place: string): boolean {
  const found = violation.place;
  return found === place || found.startsWith(`${place} `) || found.startsWith(`${place}/`);
}

/** The violations that prove a drift was seen: the drifted operation, at the drifted place. */
export function naming(violations: readonly Violation[], operation: string, place: string): Violation[] {
  return violations.filter((violation) => violation.operation === operation && isAt(violation, place));
}

/** One drift applied to a copy of the target's real answer, and judged. */
export function runDrift(drift: Drift, target: Target, baseUrl: string, answer: Wire): DriftResult {
  const copy: Wire = {
    status: answer.status,
    headers: answer.headers.map(([name, value]) => [name, value]),
    body: answer.body.slice(),
  };
  const operation = drift.operation ?? target.operation;
  const result = {
    id: drift.id,
    api: target.api,
    kind: drift.kind,
    target: target.id,
    what: drift.what,
    operation,
    place: drift.place,
    expected: drift.expected === "caught" ? ("caught" as const) : ("missed" as const),
    ...(drift.expected === "caught" ? {} : { reason: drift.expected.missed }),
  };
  let drifted: Wire;
  try {
    drifted = drift.rewrite(copy);
  } catch (error) {
    return { ...result, outcome: "not applied", reason: (error as Error).message, violations: [] };
  }
  const violations = violationsOf(target, baseUrl, drifted);
  const named = naming(violations, operation, drift.place);
  return {
    ...result,
    outcome: named.length > 0 ? "caught" : "missed",
    violations: named.length > 0 ? named.slice(0, 1) : violations,
  };
}
