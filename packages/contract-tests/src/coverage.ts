// Records which operation answered with which status in which test, and how the status came
// about, for the coverage report (scripts/report.ts). Each suite file writes its records
// when it finishes.

import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, expect } from "vitest";
import { type Exchange, HeaderMap } from "./check/exchange.js";
import type { ExerciseListener } from "./contract.js";

export const EXERCISED_DIR = new URL("../reports/exercised/", import.meta.url);

/**
 * `reached`: a real condition caused the status (no credentials, an unknown id, invalid
 * input, a burst over the limit, a plain request); `forced`: the request asked the mock for
 * it with `Prefer: code=` (or `Prefer: error=` for JSON-RPC), which proves the format only.
 */
export type How = "reached" | "forced";

export interface Exercise {
  operationId: string;
  status: number;
  test: string;
  how: How;
}

/** Whether the request asked the mock for its answer. */
export function howOf(exchange: Pick<Exchange, "request">): How {
  const prefer = new HeaderMap(exchange.request.headers).get("prefer") ?? "";
  return /(?:^|[;,\s])(?:code|error)=/.test(prefer) ? "forced" : "reached";
}

interface Tracked {
  onExercise: ExerciseListener | undefined;
  check(exchange: Exchange, path?: string): void;
}

/**
 * Records every response `contract` checks during this file's tests, under `api`. For an
 * OpenRPC contract, a method's results count as status 200 and its errors by their code.
 */
export function trackCoverage(api: string, contract: Tracked): void {
  const exercised: Exercise[] = [];
  // The listener hears only operation and status; how the status came about is in the
  // request, so the exchange being checked is noted on the way in (checks are synchronous).
  let how: How = "reached";
  const check = contract.check.bind(contract);
  contract.check = (exchange, path) => {
    how = howOf(exchange);
    try {
      check(exchange, path);
    } finally {
      how = "reached";
    }
  };
  contract.onExercise = (operationId, status) =>
    exercised.push({ operationId, status, how, test: expect.getState().currentTestName ?? "(outside a test)" });
  afterAll(() => {
    mkdirSync(EXERCISED_DIR, { recursive: true });
    writeFileSync(new URL(`${api}-${randomUUID()}.json`, EXERCISED_DIR), JSON.stringify({ api, exercised }));
  });
}
