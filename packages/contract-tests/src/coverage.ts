// Records which operation answered with which status in which test, for the coverage
// report (scripts/report.ts). Each suite file writes its records when it finishes.

import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, expect } from "vitest";
import type { ExerciseListener } from "./contract.js";

export const EXERCISED_DIR = new URL("../reports/exercised/", import.meta.url);

export interface Exercise {
  operationId: string;
  status: number;
  test: string;
}

/**
 * Records every response `contract` checks during this file's tests, under `api`. For an
 * OpenRPC contract, a method's results count as status 200 and its errors by their code.
 */
export function trackCoverage(api: string, contract: { onExercise: ExerciseListener | undefined }): void {
  const exercised: Exercise[] = [];
  contract.onExercise = (operationId, status) =>
    exercised.push({ operationId, status, test: expect.getState().currentTestName ?? "(outside a test)" });
  afterAll(() => {
    mkdirSync(EXERCISED_DIR, { recursive: true });
    writeFileSync(new URL(`${api}-${randomUUID()}.json`, EXERCISED_DIR), JSON.stringify({ api, exercised }));
  });
}
