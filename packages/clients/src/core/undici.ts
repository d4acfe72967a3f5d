// What the clients use of undici, the HTTP client behind Node's `fetch`: its public
// Dispatcher interface, and where it keeps the dispatcher every `fetch` sends with.

/**
 * A request's handler as undici calls it (the interface fetch's own handler has, in undici 6
 * and 7): `onConnect` hands over the function that aborts the request on the wire, from
 * before its first byte is sent to the last byte of its body.
 */
export interface LegacyHandler {
  onConnect(abort: (reason?: Error) => void, context?: unknown): void;
  onResponseStarted?(): void;
  onHeaders(statusCode: number, headers: unknown, resume: () => void, statusText: string): boolean;
  onData(chunk: unknown): boolean;
  onComplete(trailers: unknown): void;
  onError(error: Error): void;
  onUpgrade?(...args: unknown[]): void;
}

export interface Dispatcher {
  dispatch(options: object, handler: object): boolean;
  isMockActive?: boolean;
}

export function isLegacyHandler(handler: object): handler is LegacyHandler {
  return typeof (handler as Partial<LegacyHandler>).onConnect === "function";
}

const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/** The global dispatcher, once undici has made it (Node's fetch does so when first called). */
export function loadedDispatcher(): Dispatcher | undefined {
  return (globalThis as { [GLOBAL_DISPATCHER]?: Dispatcher })[GLOBAL_DISPATCHER];
}

export function globalDispatcher(): Dispatcher {
  const dispatcher = loadedDispatcher();
  if (!dispatcher) throw new TypeError("fetch took a dispatcher, but there is no global one to send it with");
  return dispatcher;
}
