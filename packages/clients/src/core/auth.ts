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
