// What a release's JSON-RPC endpoint does, read from its controller and middleware sources.
// Each trait is the presence of the code that implements it, so a new release is classified
// by the same test (and a changed implementation shows up as a trait that no longer matches).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ReleaseTraits {
  /** Up to 3.7: `settype($method_response, 'array')` answers a scalar result as a one-element list. */
  wrapsScalarResults: boolean;
  /** Since 3.9: only methods whose docblock has an `@api` line are callable (else -32601). */
  requiresApiTag: boolean;
  /** Since 3.9: per-method `#[RequiresPermission]` checks, answered with -32001. */
  enforcesPermissions: boolean;
  /** Since 3.9: a service's exception maps to its own JSON-RPC code; before, any exception is -32000 with its message. */
  mapsServiceExceptions: boolean;
  /** `Authorization: Bearer <personal access token>` besides `x-api-key`. */
  bearerTokens: boolean;
  /** 429 after too many failed authentications a minute from one address. */
  failedAuthLimit: boolean;
  /** The default per-minute request limit for API calls (`LEAN_RATELIMIT_API`). */
  requestsPerMinute: number | null;
}

const read = (root: string, path: string) =>
  existsSync(join(root, path)) ? readFileSync(join(root, path), "utf8") : "";

export function releaseTraits(root: string): ReleaseTraits {
  const controller = read(root, "app/Domain/Api/Controllers/Jsonrpc.php");
  if (controller === "")
    throw new Error(`${root}: no app/Domain/Api/Controllers/Jsonrpc.php (not a Leantime checkout?)`);
  const auth = read(root, "app/Core/Middleware/AuthCheck.php");
  const limiter = read(root, "app/Core/Middleware/RequestRateLimiter.php");
  const limit = /ratelimitApi \?\? (\d+)/.exec(limiter)?.[1];
  return {
    wrapsScalarResults: /settype\(\$method_response, 'array'\)/.test(controller),
    requiresApiTag: /isApiMethod\(/.test(controller),
    enforcesPermissions: /permissionEnforcer->enforce\(/.test(controller),
    mapsServiceExceptions: /JsonRpcErrorResponse::fromException\(/.test(controller),
    bearerTokens: /getUserByToken\(/.test(auth),
    failedAuthLimit: /Too many failed authentication attempts/.test(auth),
    requestsPerMinute: limit === undefined ? null : Number(limit),
  };
}
