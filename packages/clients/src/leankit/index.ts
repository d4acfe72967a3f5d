export { ApiError, type ApiErrorKind } from "../core/api-error.js";
export type { BasicAuth, BearerAuth } from "../core/auth.js";
export type { RetryOptions, TransportOptions } from "../core/transport.js";
export type { components, operations, paths } from "../generated/leankit.js";
export {
  createLeanKitClient,
  LeanKitApiError,
  type LeanKitClient,
  type LeanKitClientOptions,
  type LeanKitErrorBody,
  type LeanKitLocation,
  type LeanKitSchema,
} from "./client.js";
export { type ItemsKey, type PagedPath, type PaginateOptions, paginate } from "./paginate.js";
export { createLeanKitClientWithNewToken, type NewTokenOptions } from "./token.js";
