// Where a run writes its reports (coverage records, JUnit, drift, fuzzing): the package's
// reports/ folder, or the folder LEANAPIS_REPORTS_DIR names (the contract command's runs, so
// that one run never reads or overwrites another's records).
import { pathToFileURL } from "node:url";

type Env = Readonly<Record<string, string | undefined>>;

export const REPORTS_DIR_VARIABLE = "LEANAPIS_REPORTS_DIR";

/** The reports folder, as a URL ending in a slash. */
export function reportsDir(env: Env = process.env): URL {
  const chosen = env[REPORTS_DIR_VARIABLE];
  if (!chosen) return new URL("../reports/", import.meta.url);
  const url = pathToFileURL(chosen);
  return url.href.endsWith("/") ? url : new URL(`${url.href}/`);
}

/** Where each suite file writes the operations and statuses it saw (src/coverage.ts). */
export const exercisedDir = (env: Env = process.env): URL => new URL("exercised/", reportsDir(env));
