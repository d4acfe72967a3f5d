// What a crawl of a live API found: the calls it made, the violations the checker reported,
// and the read-only operations it could not reach (no id for them was found).
import { ContractViolation } from "../check/contract-violation.js";
import type { Violation } from "../check/exchange.js";

export interface CrawlReport {
  api: string;
  /** Every call, in order: the operation (or method) and the status it got (a JSON-RPC error by its code). */
  calls: { operation: string; status: number | "violation" | "no answer" }[];
  /** The violations of every answer, credentials redacted. */
  violations: Violation[];
  /** Read-only operations never called, and the parameter no value was found for. */
  notReached: { operation: string; missing: string }[];
  /** Calls that got no answer at all (a timeout, a refused connection), with the client's message. */
  failures: { operation: string; problem: string }[];
}

/** How many times each operation is called at most (each with other ids). */
export const CALLS_PER_OPERATION = 2;

export function emptyReport(api: string): CrawlReport {
  return { api, calls: [], violations: [], notReached: [], failures: [] };
}

/**
 * Runs one call and notes its outcome: the status of an answer, the violations of one that
 * breaks the contract (the checker already redacted them), or the failure of a call that got
 * no answer. Resolves to the answer's body when there was one.
 */
export async function noteCall(
  report: CrawlReport,
  operation: string,
  call: () => Promise<{ status: number; body: unknown }>,
  statusOfError: (error: unknown) => number | undefined,
): Promise<unknown> {
  try {
    const { status, body } = await call();
    report.calls.push({ operation, status });
    return body;
  } catch (error) {
    if (error instanceof ContractViolation) {
      report.violations.push(...error.violations);
      report.calls.push({ operation, status: "violation" });
      // A violation without places (a 2xx to a request the contract refuses) still counts.
      if (error.violations.length === 0)
        report.violations.push({ operation, place: "request", problem: error.message });
      return undefined;
    }
    // A declared refusal is an answer: an HTTP status, or a JSON-RPC error code (negative); 0 is none.
    const status = statusOfError(error);
    if (status !== undefined && status !== 0) {
      report.calls.push({ operation, status });
      return undefined;
    }
    report.calls.push({ operation, status: "no answer" });
    report.failures.push({ operation, problem: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
