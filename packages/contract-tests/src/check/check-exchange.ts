// The one checker every suite and the leanapis-check command use: an exchange against the
// contract of an API of the registry (or any contract document), its violations with
// their credentials redacted. Each contract's checker (its compiled validators, its route
// table) is built once per process and shared.
import { type ContractDocument, isOpenRpc } from "@leanapis/contract-helpers";
import { type ApiId, loadContract } from "@leanapis/registry";
import type { Exchange, ExchangeInspection, Violation } from "./exchange.js";
import { OpenApiChecker } from "./openapi-checker.js";
import { Redactor } from "./redact.js";
import { RpcChecker } from "./rpc-checker.js";

export type Checker = OpenApiChecker | RpcChecker;

export interface CheckOptions {
  /**
   * The operation's path template, when the caller knows it (openapi-fetch's `schemaPath`);
   * without it the request's URL is matched against the contract's paths.
   */
  path?: string;
}

const checkers = new WeakMap<ContractDocument, Checker>();

/** The checker of a contract: by API id (from the registry), or for a document. */
export function checkerFor(api: ApiId | ContractDocument): Checker {
  const document = typeof api === "string" ? loadContract(api) : api;
  let checker = checkers.get(document);
  if (!checker) {
    checker = isOpenRpc(document) ? new RpcChecker(document) : new OpenApiChecker(document);
    checkers.set(document, checker);
  }
  return checker;
}

/** What checking an exchange found (with the operation it was matched to), credentials redacted. */
export function inspectExchange(
  api: ApiId | ContractDocument,
  exchange: Exchange,
  options: CheckOptions = {},
): ExchangeInspection {
  const checker = checkerFor(api);
  const inspection =
    checker instanceof RpcChecker ? checker.inspect(exchange) : checker.inspect(exchange, options.path);
  if (inspection.violations.length === 0) return inspection;
  // Only an exchange with violations needs its credentials found (which reads its bodies again).
  const redactor = Redactor.forExchange(exchange);
  return { ...inspection, violations: inspection.violations.map((violation) => redactor.violation(violation)) };
}

/**
 * The ways an exchange breaks the contract of `api` (an API id of the registry, or a
 * contract document): empty when it conforms. An exchange whose request matches no
 * operation has one violation at place `request`.
 */
export function checkExchange(
  api: ApiId | ContractDocument,
  exchange: Exchange,
  options: CheckOptions = {},
): Violation[] {
  return inspectExchange(api, exchange, options).violations;
}
