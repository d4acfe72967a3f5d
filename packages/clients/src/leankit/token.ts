import { requestIdOf } from "../core/api-error.js";
import { type BasicAuth, credentialProblem } from "../core/auth.js";
import { familyError } from "../core/create-client.js";
import {
  createLeanKitClient,
  type LeanKitClient,
  type LeanKitClientOptions,
  type LeanKitSchema,
  leanKitFamily,
} from "./client.js";

export type NewTokenOptions = Omit<LeanKitClientOptions, "auth"> & {
  /** The account credentials that create the token. They are used once and not kept. */
  credentials: BasicAuth;
  /** What the token is for; shown in the user's "My API Tokens" list. */
  description: string;
};

/**
 * Creates an API token with Basic credentials and returns a client that authenticates
 * with it (Bearer) from then on, plus the new token: store `token.token` if the process
 * should reuse it, and revoke it by `token.id` when done. Rejects with a `LeanKitApiError`
 * (kind "invalid-response") if the answer holds no token that can be sent.
 */
export async function createLeanKitClientWithNewToken(
  options: NewTokenOptions,
): Promise<{ client: LeanKitClient; token: LeanKitSchema<"NewToken"> }> {
  const { credentials, description, ...rest } = options;
  const basic = createLeanKitClient({ ...rest, auth: credentials } as LeanKitClientOptions);
  const { data: token, response } = await basic.POST("/io/auth/token", { body: { description } });
  const problem = credentialProblem("the new token", token?.token, true);
  if (problem) {
    const details = { status: response.status, body: null, method: "POST", path: "/io/auth/token" };
    throw familyError(leanKitFamily(credentials), { ...details, requestId: requestIdOf(response) }, problem, {
      kind: "invalid-response",
    });
  }
  const client = createLeanKitClient({ ...rest, auth: { token: token!.token } } as LeanKitClientOptions);
  return { client, token: token! };
}
