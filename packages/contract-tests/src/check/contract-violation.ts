// The error the suites throw when a response breaks its contract: a heading naming the
// exchange, then one line per violation; the violations themselves ride along.
import { formatViolation, type Violation } from "./exchange.js";

export class ContractViolation extends Error {
  override name = "ContractViolation";

  constructor(
    message: string,
    readonly violations: readonly Violation[] = [],
  ) {
    super(violations.length ? `${message}\n${violations.map((v) => `  ${formatViolation(v)}`).join("\n")}` : message);
  }
}
