export type { components, operations, paths } from "../generated/leanmote.js";
export type { RetryOptions } from "../core/transport.js";
export { ApiError } from "../core/api-error.js";
export {
  createLeanmoteClient,
  LeanmoteApiError,
  type LeanmoteClient,
  type LeanmoteClientOptions,
  type LeanmoteErrorBody,
  type LeanmoteErrorCode,
  type LeanmoteSchema,
} from "./client.js";
export { bracketFilter, selectFields, type FilterOperator, type LeanmoteMeta } from "./helpers.js";
export { limitBursts, type BurstLimit } from "./limiter.js";
export { paginate, unwrap, type PagedPath, type PaginateOptions, type Unwrapped } from "./paging.js";
