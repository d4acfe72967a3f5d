export { ApiError, type ApiErrorKind } from "../core/api-error.js";
export type { RetryOptions, TransportOptions } from "../core/transport.js";
export type * from "../generated/leantime.js";
export {
  type BatchCall,
  type BatchOutcome,
  createLeantimeClient,
  type JsonRpcErrorObject,
  type LeantimeClient,
  type LeantimeClientOptions,
  type LeantimeMethodName,
  LeantimeRpcError,
  type ParamsOf,
  type ResultOf,
} from "./client.js";
