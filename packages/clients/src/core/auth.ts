/** Credentials for HTTP Basic authentication. */
export interface BasicAuth {
  username: string;
  password: string;
}

/** A token for HTTP Bearer authentication. */
export interface BearerAuth {
  token: string;
}

export type HttpAuth = BasicAuth | BearerAuth;

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The `Authorization` header value for the given credentials. */
export function authorizationHeader(auth: HttpAuth): string {
  if ("token" in auth) return `Bearer ${auth.token}`;
  return `Basic ${base64(`${auth.username}:${auth.password}`)}`;
}

/** C0 controls, DEL and C1 controls: never part of a credential, and fatal in a header. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** What a header value can carry as it is: visible ASCII, no spaces. */
function isVisibleAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/**
 * Why `value` cannot be the credential `name`, or undefined when it can. The reason names
 * the field, never the value. `inHeader`: sent as a header value as it is (a token, an API
 * key), so only visible ASCII fits; otherwise (a password, sent encoded) any text will do.
 */
export function credentialProblem(name: string, value: unknown, inHeader: boolean): string | undefined {
  if (typeof value !== "string") return `${name} must be a string`;
  if (value === "") return `${name} is empty`;
  if (hasControlCharacter(value)) return `${name} contains a control character`;
  if (inHeader && !isVisibleAscii(value))
    return `${name} must be visible ASCII characters only (no spaces), as it is sent in a header`;
  return undefined;
}

/** The first problem with LeanKit-style HTTP credentials (`{ token }` or `{ username, password }`). */
export function httpAuthProblem(auth: unknown): string | undefined {
  if (typeof auth !== "object" || auth === null) return "auth must be { token } or { username, password }";
  if ("token" in auth) return credentialProblem("auth.token", auth.token, true);
  if (!("username" in auth) || !("password" in auth)) return "auth must be { token } or { username, password }";
  const problem =
    credentialProblem("auth.username", auth.username, false) ??
    credentialProblem("auth.password", auth.password, false);
  if (problem) return problem;
  // Basic joins the two with a colon, so a colon in the user name would move the split.
  if ((auth.username as string).includes(":")) return "auth.username contains a colon, which Basic auth cannot carry";
  return undefined;
}

/** The secret values of `auth` (token, password, API key), in every form they are sent in. */
export function secretsOf(auth: unknown): string[] {
  if (typeof auth !== "object" || auth === null) return [];
  const record = auth as Record<string, unknown>;
  const values = [record.token, record.password, record.apiKey].filter((v): v is string => typeof v === "string");
  if (typeof record.username === "string" && typeof record.password === "string")
    values.push(authorizationHeader(auth as BasicAuth).slice("Basic ".length));
  return values;
}
