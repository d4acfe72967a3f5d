// leanapis-check: every exchange of a HAR file against an API's contract. Prints the
// violations per exchange (or JSON with --json); exits 0 when every exchange conforms, 1 on
// any violation (an exchange that matches no operation counts as one), 2 on a usage error.
import { parseArgs } from "node:util";
import { API_IDS, isApiId } from "@leanapis/registry";
import { inspectExchange } from "./check-exchange.js";
import { formatViolation, type Violation } from "./exchange.js";
import { HarError, harExchanges, readHar } from "./har.js";
import { Redactor } from "./redact.js";

export const USAGE = `Usage: leanapis-check --api <id> <traffic.har> [--json]

Checks every exchange of a HAR 1.2 file against the API's contract: the status, the
declared headers, the content type and the body (JSON, CSV and TAB rows, JSON-RPC
answers). Entries are matched to operations by method and path template.

  --api <id>   the API whose contract applies: ${API_IDS.join(", ")}
  --json       print the results as JSON
  --help       print this help

Exit status: 0 every exchange conforms; 1 a violation, or an exchange that matches no
operation; 2 a usage error (an unknown API, a HAR file that cannot be read).
Credentials (Authorization, API keys, cookies, ?token=, token and password fields) are
redacted from everything printed.`;

export interface Output {
  write(text: string): unknown;
}

/** One exchange's result, as printed. */
export interface ExchangeReport {
  entry: number;
  method: string;
  /** Credentials redacted. */
  url: string;
  status: number;
  operation: string | null;
  route: string | null;
  violations: Violation[];
  /** Why the entry was not checked, when it was not. */
  skipped?: string;
}

export interface CheckReport {
  api: string;
  file: string;
  conforms: boolean;
  summary: {
    exchanges: number;
    checked: number;
    conforming: number;
    violating: number;
    unmatched: number;
    skipped: number;
    violations: number;
  };
  exchanges: ExchangeReport[];
}

/** Checks a HAR file against the contract of `api`. Throws HarError when the file cannot be read. */
export function checkHar(api: string, file: string): CheckReport {
  if (!isApiId(api)) throw new Error(`Unknown API ${api}. Known: ${API_IDS.join(", ")}.`);
  const exchanges = harExchanges(readHar(file)).map(({ entry, exchange, skipped }): ExchangeReport => {
    const redactor = Redactor.forExchange(exchange);
    const base = {
      entry,
      method: exchange.request.method.toUpperCase(),
      url: redactor.url(exchange.request.url),
      status: exchange.response.status,
    };
    if (skipped) return { ...base, operation: null, route: null, violations: [], skipped };
    const inspection = inspectExchange(api, exchange);
    return {
      ...base,
      operation: inspection.operation ?? null,
      route: inspection.route ?? null,
      violations: inspection.violations,
    };
  });
  const checked = exchanges.filter((e) => !e.skipped);
  const violating = checked.filter((e) => e.violations.length > 0);
  return {
    api,
    file,
    conforms: violating.length === 0,
    summary: {
      exchanges: exchanges.length,
      checked: checked.length,
      conforming: checked.length - violating.length,
      violating: violating.length,
      unmatched: checked.filter((e) => e.route === null).length,
      skipped: exchanges.length - checked.length,
      violations: violating.reduce((sum, e) => sum + e.violations.length, 0),
    },
    exchanges,
  };
}

/** The report for people: one line per exchange, its violations indented below it. */
export function formatReport(report: CheckReport): string {
  const lines = [
    `leanapis-check: ${report.exchanges.length} exchanges of ${report.file} against the ${report.api} contract`,
    "",
  ];
  for (const e of report.exchanges) {
    const head = `#${e.entry} ${e.method} ${e.url} → ${e.status || "no response"}`;
    if (e.skipped) {
      lines.push(`- ${head}  not checked: ${e.skipped}`);
      continue;
    }
    if (e.route === null) {
      lines.push(`✗ ${head}  ${e.violations[0]?.problem ?? "matches no operation"}`);
      continue;
    }
    const what = e.operation && e.route.endsWith(e.operation) ? e.route : `${e.operation} (${e.route})`;
    lines.push(`${e.violations.length ? "✗" : "✓"} ${head}  ${what}`);
    for (const violation of e.violations) {
      // In a batch, each violation names its own method.
      const own = violation.operation !== e.operation ? `[${violation.operation}] ` : "";
      lines.push(`    ${own}${formatViolation(violation)}`);
    }
  }
  const { summary } = report;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    `${summary.conforming} of ${count(summary.checked, "checked exchange conforms", "checked exchanges conform")}`,
  ];
  if (summary.violating > 0) {
    const violations = count(summary.violations, "violation", "violations");
    parts.push(`${count(summary.violating, "breaks", "break")} the contract (${violations})`);
  }
  if (summary.unmatched > 0) parts.push(`${count(summary.unmatched, "matches", "match")} no operation`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} not checked`);
  lines.push("", `${parts.join("; ")}.`);
  return `${lines.join("\n")}\n`;
}

/** Runs the command; resolves to its exit status. */
export async function run(
  args: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  let values: { api?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: { api: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    }));
  } catch (error) {
    err.write(`leanapis-check: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const problem =
    values.api === undefined
      ? "--api is required"
      : !isApiId(values.api)
        ? `unknown API ${values.api} (known: ${API_IDS.join(", ")})`
        : positionals.length !== 1
          ? `expected one HAR file, got ${positionals.length}`
          : undefined;
  if (problem) {
    err.write(`leanapis-check: ${problem}\n\n${USAGE}\n`);
    return 2;
  }
  let report: CheckReport;
  try {
    report = checkHar(values.api!, positionals[0]!);
  } catch (error) {
    if (!(error instanceof HarError)) throw error;
    err.write(`leanapis-check: ${error.message}\n`);
    return 2;
  }
  out.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.conforms ? 0 : 1;
}
