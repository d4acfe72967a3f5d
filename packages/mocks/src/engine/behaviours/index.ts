// Each API's behaviour, by registry id; an API without one gets the generic behaviour.
import type { OpenApiDocument } from "@leanapis/contract-helpers";
import type { Behaviour } from "../openapi-mock.js";
import { genericBehaviour } from "./generic.js";
import { leankitBehaviour } from "./leankit.js";
import { type BurstLimit, leanmoteBehaviour } from "./leanmote.js";
import { reportingBehaviour } from "./reporting.js";

export type { BurstLimit } from "./leanmote.js";

export interface BehaviourOptions {
  /** How long a Reporting token the mock issues stays valid; default one hour. */
  tokenLifetimeMs?: number;
  /** Leanmote's burst limit; default 100 requests a minute per credential, as the API's; false turns it off. */
  burst?: BurstLimit | false;
}

export function behaviourFor(id: string, document: OpenApiDocument, options: BehaviourOptions = {}): Behaviour {
  switch (id) {
    case "leankit":
      return leankitBehaviour();
    case "reporting":
      return reportingBehaviour(options.tokenLifetimeMs ?? 3_600_000);
    case "leanmote":
      return leanmoteBehaviour(options.burst ?? { requests: 100, perMs: 60_000 });
    default:
      return genericBehaviour(document);
  }
}
