export type * from "../generated/leantime.js";
export type { RetryOptions } from "../core/transport.js";
export { ApiError } from "../core/api-error.js";
export {
  createLeantimeClient,
  LeantimeRpcError,
  type BatchCall,
  type BatchOutcome,
  type JsonRpcErrorObject,
  type LeantimeClient,
  type LeantimeClientOptions,
  type LeantimeMethodName,
  type ParamsOf,
  type ResultOf,
} from "./client.js";
