export { ApiError, type ApiErrorKind } from "../core/api-error.js";
export type { RetryOptions, TransportOptions } from "../core/transport.js";
export type { components, operations, paths } from "../generated/reporting.js";
export { REPORTING_EXPORTS, type ReportingExportRows } from "../generated/reporting-exports.js";
export {
  createReportingClient,
  ReportingApiError,
  type ReportingClient,
  type ReportingClientOptions,
  type ReportingCredentials,
  type ReportingSchema,
} from "./client.js";
export {
  type ExportFormat,
  type ExportName,
  type ExportOptions,
  fetchRows,
  normalizeDateTime,
  streamRows,
} from "./rows.js";
