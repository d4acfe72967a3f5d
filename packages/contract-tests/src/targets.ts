// Which API each suite talks to: the mock (default), or the live API when its base URL
// and credentials are in the environment. Writes against a live API need an opt-in.
import type { BasicAuth, BearerAuth } from "@leanapis/clients/leankit";
import type { ReportingCredentials } from "@leanapis/clients/reporting";

export type Api = "leankit" | "reporting" | "leanmote" | "leantime";
export const APIS: Api[] = ["leankit", "reporting", "leanmote", "leantime"];

export interface LiveLeanKit {
  baseUrl: string;
  auth: BasicAuth | BearerAuth;
  /** Basic credentials, which the token operations require. */
  basic: BasicAuth | undefined;
  /** A card to read; the card tests are skipped without it. */
  cardId: string | undefined;
}

export function liveLeanKit(env: NodeJS.ProcessEnv = process.env): LiveLeanKit | undefined {
  const baseUrl = env.LEANKIT_BASE_URL;
  if (!baseUrl) return undefined;
  const basic =
    env.LEANKIT_USERNAME && env.LEANKIT_PASSWORD ? { username: env.LEANKIT_USERNAME, password: env.LEANKIT_PASSWORD } : undefined;
  const auth = env.LEANKIT_TOKEN ? { token: env.LEANKIT_TOKEN } : basic;
  if (!auth) throw new Error("LEANKIT_BASE_URL is set but neither LEANKIT_TOKEN nor LEANKIT_USERNAME/LEANKIT_PASSWORD is.");
  return { baseUrl, auth, basic, cardId: env.LEANKIT_CARD_ID };
}

export function liveReporting(env: NodeJS.ProcessEnv = process.env): { baseUrl: string; credentials: ReportingCredentials } | undefined {
  const baseUrl = env.REPORTING_BASE_URL;
  if (!baseUrl) return undefined;
  if (!env.REPORTING_EMAIL || !env.REPORTING_PASSWORD) throw new Error("REPORTING_BASE_URL is set but REPORTING_EMAIL/REPORTING_PASSWORD are not.");
  return { baseUrl, credentials: { email: env.REPORTING_EMAIL, password: env.REPORTING_PASSWORD } };
}

export function liveLeanmote(env: NodeJS.ProcessEnv = process.env): { baseUrl: string; token: string } | undefined {
  const baseUrl = env.LEANMOTE_BASE_URL;
  if (!baseUrl) return undefined;
  if (!env.LEANMOTE_TOKEN) throw new Error("LEANMOTE_BASE_URL is set but LEANMOTE_TOKEN is not.");
  return { baseUrl, token: env.LEANMOTE_TOKEN };
}

export function liveLeantime(env: NodeJS.ProcessEnv = process.env): { baseUrl: string; apiKey: string } | undefined {
  const baseUrl = env.LEANTIME_BASE_URL;
  if (!baseUrl) return undefined;
  if (!env.LEANTIME_API_KEY) throw new Error("LEANTIME_BASE_URL is set but LEANTIME_API_KEY is not.");
  return { baseUrl, apiKey: env.LEANTIME_API_KEY };
}

/** The live configuration of each API, undefined where its suite runs against the mock. */
export function liveTargets(env: NodeJS.ProcessEnv = process.env): Record<Api, { baseUrl: string } | undefined> {
  return { leankit: liveLeanKit(env), reporting: liveReporting(env), leanmote: liveLeanmote(env), leantime: liveLeantime(env) };
}

/** Live writes (creating and revoking a token, …) run only with LEANAPIS_LIVE_WRITES=1. */
export const liveWritesAllowed = (env: NodeJS.ProcessEnv = process.env) => env.LEANAPIS_LIVE_WRITES === "1";
