export { ApiError, type ApiErrorKind } from "../core/api-error.js";
export type { RetryOptions, TransportOptions } from "../core/transport.js";
export type { components, operations, paths } from "../generated/leanmote.js";
export {
  createLeanmoteClient,
  LeanmoteApiError,
  type LeanmoteClient,
  type LeanmoteClientOptions,
  type LeanmoteErrorBody,
  type LeanmoteErrorCode,
  type LeanmoteSchema,
} from "./client.js";
export { bracketFilter, type FilterOperator, type LeanmoteMeta, selectFields } from "./helpers.js";
export { type BurstLimit, limitBursts } from "./limiter.js";
export { type PagedPath, type PaginateOptions, paginate, type Unwrapped, unwrap } from "./paging.js";
