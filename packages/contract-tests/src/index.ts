// The package's public API: the exchange checker the suites and leanapis-check share.
export { type Checker, type CheckOptions, checkExchange, checkerFor, inspectExchange } from "./check/check-exchange.js";
export { type CheckReport, checkHar, type ExchangeReport, formatReport } from "./check/cli.js";
export { ContractViolation } from "./check/contract-violation.js";
export type {
  BodyInput,
  Exchange,
  ExchangeInspection,
  ExchangeRequest,
  ExchangeResponse,
  HeaderInput,
  Violation,
} from "./check/exchange.js";
export { formatViolation } from "./check/exchange.js";
export { HarError, type HarExchange, harExchanges, readHar } from "./check/har.js";
export { REDACTED, Redactor } from "./check/redact.js";
export { Contract } from "./contract.js";
export { RpcContract } from "./rpc-contract.js";
