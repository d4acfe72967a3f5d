// Which API each suite talks to: the mock (default), or the live API when its base URL
// and credentials are in the environment. Writes against a live API need an opt-in. The
// variables are the registry's; how they combine into credentials is each suite's business.
import type { BasicAuth, BearerAuth } from "@leanapis/clients/leankit";
import type { ReportingCredentials } from "@leanapis/clients/reporting";
import { API_IDS, type ApiId, apiById, liveSettings } from "@leanapis/registry";

export type Api = ApiId;
export const APIS: readonly Api[] = API_IDS;

type Env = Readonly<Record<string, string | undefined>>;

export interface LiveLeanKit {
  baseUrl: string;
  auth: BasicAuth | BearerAuth;
  /** Basic credentials, which the token operations require. */
  basic: BasicAuth | undefined;
  /** A card to read; the card tests are skipped without it. */
  cardId: string | undefined;
}

export function liveLeanKit(env: Env = process.env): LiveLeanKit | undefined {
  const live = liveSettings("leankit", env);
  if (!live) return undefined;
  const { token, username, password, cardId } = live.values;
  const basic = username && password ? { username, password } : undefined;
  const auth = token ? { token } : basic;
  if (!auth) {
    const { baseUrl, variables } = apiById("leankit").live;
    const basic = `${variables.username}/${variables.password}`;
    throw new Error(`${baseUrl} is set but neither ${variables.token} nor ${basic} is.`);
  }
  return { baseUrl: live.baseUrl, auth, basic, cardId };
}

export interface LiveReporting {
  baseUrl: string;
  credentials: ReportingCredentials;
}

export function liveReporting(env: Env = process.env): LiveReporting | undefined {
  const live = liveSettings("reporting", env);
  if (!live) return undefined;
  const { email, password } = live.values;
  if (!email || !password) {
    const { baseUrl, variables } = apiById("reporting").live;
    throw new Error(`${baseUrl} is set but ${variables.email}/${variables.password} are not.`);
  }
  return { baseUrl: live.baseUrl, credentials: { email, password } };
}

export function liveLeanmote(env: Env = process.env): { baseUrl: string; token: string } | undefined {
  const live = liveSettings("leanmote", env);
  if (!live) return undefined;
  const { token } = live.values;
  if (!token) {
    const { baseUrl, variables } = apiById("leanmote").live;
    throw new Error(`${baseUrl} is set but ${variables.token} is not.`);
  }
  return { baseUrl: live.baseUrl, token };
}

export function liveLeantime(env: Env = process.env): { baseUrl: string; apiKey: string } | undefined {
  const live = liveSettings("leantime", env);
  if (!live) return undefined;
  const { apiKey } = live.values;
  if (!apiKey) {
    const { baseUrl, variables } = apiById("leantime").live;
    throw new Error(`${baseUrl} is set but ${variables.apiKey} is not.`);
  }
  return { baseUrl: live.baseUrl, apiKey };
}

/** The suites that assemble (and check) an API's live credentials; any other API is live when its base URL is set. */
const ASSEMBLED: Partial<Record<Api, (env: Env) => { baseUrl: string } | undefined>> = {
  leankit: liveLeanKit,
  reporting: liveReporting,
  leanmote: liveLeanmote,
  leantime: liveLeantime,
};

/** The live configuration of each API, undefined where its suite runs against the mock. */
export function liveTargets(env: Env = process.env): Record<Api, { baseUrl: string } | undefined> {
  return Object.fromEntries(
    APIS.map((id) => {
      const assemble = ASSEMBLED[id];
      return [id, assemble ? assemble(env) : liveSettings(id, env)];
    }),
  ) as Record<Api, { baseUrl: string } | undefined>;
}

/** The variable naming the APIs a run covers (a comma list; the contract command sets it); all when unset. */
export const APIS_VARIABLE = "LEANAPIS_CONTRACT_APIS";

/** The APIs a run covers; throws, naming the known ones, on an unknown id. */
export function selectedApis(env: Env = process.env): Api[] {
  const list = env[APIS_VARIABLE];
  if (!list) return [...APIS];
  const ids = list
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of ids) apiById(id);
  return APIS.filter((id) => ids.includes(id));
}

/** Live writes (creating and revoking a token, …) run only with LEANAPIS_LIVE_WRITES=1. */
export const liveWritesAllowed = (env: Env = process.env) => env.LEANAPIS_LIVE_WRITES === "1";

/** The client's auth option for each security scheme of an API (the registry's mock credentials name the schemes). */
export type AuthByScheme = Readonly<Record<string, unknown>>;

/**
 * A live API's base URL and the auth option for each of its security schemes, from the
 * registry's variables; undefined where the API runs against the mock. LeanKit's token
 * operations take Basic credentials, everything else its token when one is given.
 */
export function liveAuth(api: Api, env: Env = process.env): { baseUrl: string; auth: AuthByScheme } | undefined {
  const schemes = Object.keys(apiById(api).client.mockAuth);
  const target = (baseUrl: string, auth: unknown, own: Record<string, unknown> = {}) => ({
    baseUrl,
    auth: Object.fromEntries(schemes.map((scheme) => [scheme, own[scheme] ?? auth])),
  });
  switch (api) {
    case "leankit": {
      const live = liveLeanKit(env);
      return live && target(live.baseUrl, live.auth, { basicAuth: live.basic ?? live.auth });
    }
    case "reporting": {
      const live = liveReporting(env);
      return live && target(live.baseUrl, { credentials: live.credentials });
    }
    case "leanmote": {
      const live = liveLeanmote(env);
      return live && target(live.baseUrl, { token: live.token });
    }
    case "leantime": {
      const live = liveLeantime(env);
      return live && target(live.baseUrl, { apiKey: live.apiKey });
    }
  }
}
