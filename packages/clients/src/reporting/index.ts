export type { components, operations, paths } from "../generated/reporting.js";
export { REPORTING_EXPORTS, type ReportingExportRows } from "../generated/reporting-exports.js";
export type { RetryOptions } from "../core/transport.js";
export { ApiError } from "../core/api-error.js";
export {
  createReportingClient,
  ReportingApiError,
  type ReportingClient,
  type ReportingClientOptions,
  type ReportingCredentials,
  type ReportingSchema,
} from "./client.js";
export {
  fetchRows,
  normalizeDateTime,
  streamRows,
  type ExportFormat,
  type ExportName,
  type ExportOptions,
} from "./rows.js";
