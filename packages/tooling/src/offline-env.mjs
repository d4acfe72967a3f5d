// Every tool of the pipeline stays offline and quiet: no telemetry, no update checks.
/** @type {Record<string, string>} */
export const OFFLINE_ENV = {
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  SCARF_ANALYTICS: "false",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  COREPACK_INTEGRITY_KEYS: "0",
};
