// What the environment says about each API: the mock's port, and whether (and how) its
// suites run against the live API.
import { type ApiId, apiById, DOCS_SITE } from "./apis.js";

type Env = Readonly<Record<string, string | undefined>>;

function portFrom(env: Env, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${variable}=${raw} is not a port number (0-65535).`);
  return port;
}

/** The port an API's mock listens on: its variable, else its fixed default. */
export function mockPort(id: ApiId, env: Env = process.env): number {
  const { port, portEnv } = apiById(id).mock;
  return portFrom(env, portEnv, port);
}

/** The docs site's port: DOCS_PORT, else 8080. */
export function docsPort(env: Env = process.env): number {
  return portFrom(env, DOCS_SITE.portEnv, DOCS_SITE.port);
}

export interface LiveSettings {
  baseUrl: string;
  /** The API's other live variables by role (token, username, …), where set. */
  values: Readonly<Record<string, string | undefined>>;
}

/** An API's live settings when its base URL variable is set; undefined means: use the mock. */
export function liveSettings(id: ApiId, env: Env = process.env): LiveSettings | undefined {
  const { live } = apiById(id);
  const written = env[live.baseUrl];
  if (!written) return undefined;
  // Without trailing slashes, so that `${baseUrl}/path` is the path whichever way it is written.
  const baseUrl = written.replace(/\/+$/, "") || written;
  const values = Object.fromEntries(
    Object.entries(live.variables).map(([role, variable]) => [role, env[variable] || undefined]),
  );
  return { baseUrl, values };
}
