// Credentials never leave the checker: a violation may be printed to a CI log or shared
// with an API's vendor. Redacted: the values of credential headers (Authorization, the
// API key headers, cookies), of credential query parameters (`?token=`) and of every body
// member whose name says it holds a secret (token, password, secret, API key), wherever
// those values show up again, plus anything shaped like a bearer credential or a JWT.
import type { Segments } from "@leanapis/contract-helpers";
import { bodyText, type Exchange, HeaderMap, parseMediaType, requestUrl, type Violation } from "./exchange.js";

export const REDACTED = "[redacted]";

const CREDENTIAL_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "x-auth-token",
  "x-access-token",
  "x-csrf-token",
]);

/** Whether a header, query parameter or body member of this name holds a credential. */
export function isCredentialName(name: string): boolean {
  if (CREDENTIAL_HEADERS.has(name.toLowerCase())) return true;
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  // `token`, `accessToken`, `passwordClean`, `client_secret`, `apiKey`, … but not `tokens` or `tokenId`.
  return /password|passwd|secret|apikey|authorization|cookie|credential|session(id)?$/.test(key) || /token$/.test(key);
}

// Shapes that are credentials whatever they are called.
const PATTERNS: [RegExp, string][] = [
  // A scheme and its credential, but not a challenge's parameters (`Basic realm="LeanKit"`).
  [/\b(Bearer|Basic)\s+(?![\w-]+=")[\w~+/.=-]{4,}/gi, `$1 ${REDACTED}`],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, REDACTED],
  // Leantime's key form, lt_<user>_<secret>.
  [/\blt_[A-Za-z0-9]+_[A-Za-z0-9]+/g, REDACTED],
  [
    /([?&;\s"']|^)((?:access_|refresh_|api_|auth_)?(?:token|key|apikey|api-key|password|secret|session)=)[^&\s"'#]+/gi,
    `$1$2${REDACTED}`,
  ],
];

export class Redactor {
  private readonly secrets: string[];

  /** `secrets`: values to hide wherever they appear (the shorter ones would hide too much and are ignored). */
  constructor(secrets: Iterable<string> = []) {
    const unique = new Set([...secrets].filter((secret) => secret.length >= 4));
    this.secrets = [...unique].sort((a, b) => b.length - a.length);
  }

  /** A redactor that knows the credentials an exchange carries. */
  static forExchange(exchange: Exchange): Redactor {
    return new Redactor(credentialsOf(exchange));
  }

  text(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** A URL with its credential query parameters and user info redacted. */
  url(url: string): string {
    try {
      const parsed = new URL(url);
      if (parsed.username || parsed.password) {
        parsed.username = REDACTED;
        parsed.password = "";
      }
      for (const name of [...parsed.searchParams.keys()]) {
        if (isCredentialName(name)) parsed.searchParams.set(name, REDACTED);
      }
      return this.text(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED));
    } catch {
      return this.text(url);
    }
  }

  /** A value with credential members replaced and secrets removed from its strings; `at` is where it stands. */
  value(value: unknown, at: Segments = []): unknown {
    if (at.some((segment) => typeof segment === "string" && isCredentialName(segment))) return REDACTED;
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, member]) => [key, isCredentialName(key) ? REDACTED : this.value(member)]),
      );
    }
    return value;
  }

  violation(violation: Violation): Violation {
    const redacted: Violation = {
      operation: this.text(violation.operation),
      place: this.text(violation.place),
      problem: this.text(violation.problem),
    };
    if ("value" in violation && violation.value !== undefined) {
      // A value inside a credential member is hidden whole: `body /token`, `header Authorization`.
      const at = violation.place.split(/[\s/]+/).filter(Boolean);
      redacted.value = this.value(violation.value, at);
    }
    return redacted;
  }
}

/** The credential values an exchange carries: in headers, the URL and either body. */
export function credentialsOf({ request, response }: Exchange): string[] {
  const found: string[] = [];
  const fromHeaders = (headers: HeaderMap) => {
    for (const [name, value] of headers.entries()) {
      if (!isCredentialName(name)) continue;
      found.push(value);
      const lower = name.toLowerCase();
      if (lower === "cookie" || lower === "set-cookie") {
        for (const pair of value.split(/[;,]/)) {
          const cookie = pair.split("=").slice(1).join("=").trim();
          if (cookie) found.push(cookie);
        }
        continue;
      }
      // "Bearer abc" → abc; "Basic dXNlcjpwYXNz" → the encoded pair and the password inside it.
      const [scheme, credential] = value.trim().split(/\s+/, 2);
      if (credential) {
        found.push(credential);
        if (scheme?.toLowerCase() === "basic") {
          const decoded = Buffer.from(credential, "base64").toString("utf8");
          found.push(decoded, decoded.split(":").slice(1).join(":"));
        }
      }
    }
  };
  fromHeaders(new HeaderMap(request.headers));
  fromHeaders(new HeaderMap(response.headers));
  const url = requestUrl(request.url);
  if (url.password) found.push(decodeURIComponent(url.password));
  for (const [name, value] of url.searchParams)
    if (isCredentialName(name)) found.push(value, encodeURIComponent(value));
  const fromBody = (body: Exchange["request"]["body"], contentType: string | undefined) => {
    const decoded = bodyText(body);
    if (!("text" in decoded) || decoded.text === "") return;
    const type = parseMediaType(contentType)?.type;
    if (type === "application/x-www-form-urlencoded") {
      for (const [name, value] of new URLSearchParams(decoded.text)) if (isCredentialName(name)) found.push(value);
      return;
    }
    try {
      collectMembers(JSON.parse(decoded.text), found);
    } catch {
      // Not JSON: its secrets can only be caught by their shape.
    }
  };
  fromBody(request.body, new HeaderMap(request.headers).get("content-type"));
  fromBody(response.body, new HeaderMap(response.headers).get("content-type"));
  return found.filter((value) => value.length > 0);
}

/** The string values of credential members anywhere in a JSON value. */
function collectMembers(value: unknown, found: string[], credential = false): void {
  if (typeof value === "string" || typeof value === "number") {
    if (credential) found.push(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectMembers(item, found, credential);
  } else if (value !== null && typeof value === "object") {
    for (const [key, member] of Object.entries(value))
      collectMembers(member, found, credential || isCredentialName(key));
  }
}
