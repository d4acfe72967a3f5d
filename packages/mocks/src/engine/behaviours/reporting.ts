// LeanKit Reporting beyond its contract: `{statusCode, error, message}` errors, and tokens
// from `POST /io/reporting/auth` that expire. A token the mock issued is refused with
// 401 "Invalid token" once its lifetime is over, so a client's log-in-again path runs for
// real; any other token is taken as one issued elsewhere and accepted.
import { randomBytes } from "node:crypto";
import type { Behaviour } from "../openapi-mock.js";
import { statusCodeErrorBody } from "./leankit.js";

const AUTH_OPERATION = "createReportingToken";
const MAX_TOKENS = 10_000;

export function reportingBehaviour(tokenLifetimeMs: number, now: () => number = Date.now): Behaviour {
  const expiries = new Map<string, number>();
  return {
    errorBody: statusCodeErrorBody,
    admit: ({ credentials }) => {
      const token = credentials.bearerAuth ?? credentials.tokenQuery;
      const expiry = token === undefined ? undefined : expiries.get(token);
      // An expired token stays known (and refused) until it ages out of the bounded map.
      if (expiry === undefined || expiry > now()) return undefined;
      return { status: 401, message: "Invalid token" };
    },
    shape: ({ operation }, body) => {
      if (operation.id !== AUTH_OPERATION) return body;
      const token = `mock-${randomBytes(12).toString("hex")}`;
      const expires = now() + tokenLifetimeMs;
      expiries.set(token, expires);
      // Bounded: the oldest tokens are forgotten first (and then accepted like any other).
      if (expiries.size > MAX_TOKENS) expiries.delete(expiries.keys().next().value!);
      return { ...(body as object), token, expires: new Date(expires).toISOString() };
    },
  };
}
