// Records which operation answered with which status in which test, how the status came
// about, and the violations found, for the coverage report (scripts/report.ts) and the
// contract command's summary. Each suite file writes its records when it finishes.

import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { isApiId, liveSettings } from "@leanapis/registry";
import { afterAll, expect } from "vitest";
import { ContractViolation } from "./check/contract-violation.js";
import { type Exchange, HeaderMap, requestUrl, type Violation } from "./check/exchange.js";
import { Redactor } from "./check/redact.js";
import type { ExerciseListener } from "./contract.js";
import { exercisedDir } from "./reports.js";

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

/** What one suite file recorded about an API (a file under the reports' exercised/ folder). */
export interface ExercisedFile {
  api: string;
  /** The live API's base URL (credentials redacted) when the suite ran against it; null or absent: the mock. */
  live?: string | null;
  exercised: Exercise[];
  /** Every violation the checker found in the file's exchanges, credentials redacted. */
  violations?: Violation[];
}

/**
 * Records every response `contract` checks during this file's tests, under `api`. For an
 * OpenRPC contract, a method's results count as status 200 and its errors by their code.
 */
export function trackCoverage(api: string, contract: Tracked): void {
  const exercised: Exercise[] = [];
  const violations: Violation[] = [];
  const baseUrl = isApiId(api) ? liveSettings(api)?.baseUrl : undefined;
  // When the API is live, only exchanges with the live API count: a suite that tests one of
  // our own mocks (the official client's, a release replay) adds nothing to a live API's figures.
  const liveOrigin = baseUrl === undefined ? undefined : new URL(baseUrl).origin;
  const counts = (exchange: Exchange) =>
    liveOrigin === undefined || requestUrl(exchange.request.url).origin === liveOrigin;
  // The listener hears only operation and status; how the status came about is in the
  // request, so the exchange being checked is noted on the way in (checks are synchronous).
  let how: How | undefined = "reached";
  const check = contract.check.bind(contract);
  contract.check = (exchange, path) => {
    how = counts(exchange) ? howOf(exchange) : undefined;
    try {
      check(exchange, path);
    } catch (error) {
      if (error instanceof ContractViolation && how) violations.push(...error.violations);
      throw error;
    } finally {
      how = "reached";
    }
  };
  contract.onExercise = (operationId, status) => {
    if (how)
      exercised.push({ operationId, status, how, test: expect.getState().currentTestName ?? "(outside a test)" });
  };
  afterAll(() => {
    const dir = exercisedDir();
    mkdirSync(dir, { recursive: true });
    const live = baseUrl === undefined ? null : new Redactor().url(baseUrl);
    const file: ExercisedFile = { api, live, exercised, violations };
    writeFileSync(new URL(`${api}-${randomUUID()}.json`, dir), JSON.stringify(file));
  });
}
