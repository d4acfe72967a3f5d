// Which API each suite talks to: the mock (default), or the live API when its base URL
// and credentials are in the environment. Writes against a live API need an opt-in.
import type { BasicAuth, BearerAuth } from "@leanapis/clients/leankit";

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
  const basic = env.LEANKIT_USERNAME && env.LEANKIT_PASSWORD
    ? { username: env.LEANKIT_USERNAME, password: env.LEANKIT_PASSWORD }
    : undefined;
  const auth = env.LEANKIT_TOKEN ? { token: env.LEANKIT_TOKEN } : basic;
  if (!auth) throw new Error("LEANKIT_BASE_URL is set but neither LEANKIT_TOKEN nor LEANKIT_USERNAME/LEANKIT_PASSWORD is.");
  return { baseUrl, auth, basic, cardId: env.LEANKIT_CARD_ID };
}

/** Live writes (creating and revoking a token, …) run only with LEANAPIS_LIVE_WRITES=1. */
export const liveWritesAllowed = (env: NodeJS.ProcessEnv = process.env) => env.LEANAPIS_LIVE_WRITES === "1";
