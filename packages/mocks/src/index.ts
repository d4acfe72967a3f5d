import { isOpenRpc } from "@leanapis/contract-helpers";
import { API_IDS, type ApiId, apiById, contractFile, loadContract, mockPort } from "@leanapis/registry";
import { type BehaviourOptions, behaviourFor } from "./engine/behaviours/index.js";
import { type HostLimits, serveEngine } from "./engine/http-host.js";
import { OpenApiMock } from "./engine/openapi-mock.js";
import { formatParameter, startFormatFront } from "./format-front.js";
import { startJsonRpcMock } from "./jsonrpc-mock.js";
import { claimPort } from "./ports.js";
import { type PrismProcess, startPrism } from "./prism.js";

export { API_IDS, type ApiId } from "@leanapis/registry";
export type { BurstLimit } from "./engine/behaviours/index.js";
export { PortInUseError } from "./ports.js";

/** `leanapis`: our engine (default); `prism`: Stoplight Prism for the OpenAPI contracts. */
export type EngineName = "leanapis" | "prism";
export const ENGINES: readonly EngineName[] = ["leanapis", "prism"];

export interface MockServer {
  api: ApiId;
  title: string;
  url: string;
  stop: () => Promise<void>;
  /** Stateful mode: every record back to the contract's examples (as `POST /__mock/reset` does). Otherwise nothing. */
  reset: () => void;
  /**
   * Resolves with the reason if the mock stops on its own after it started (a Prism child
   * that exits). Never for our engine, whose faults are the process's own.
   */
  failed: Promise<Error>;
}

/** The `failed` of a mock that cannot stop on its own. */
const NEVER: Promise<Error> = new Promise(() => undefined);

export interface MockOptions extends BehaviourOptions {
  /** Which engine serves the OpenAPI contracts; the OpenRPC one is always ours. */
  engine?: EngineName;
  /** Body size and slow-client bounds of our engine. */
  limits?: HostLimits;
  /**
   * Writes persist in memory, per mock: the operations a contract declares with `x-resource`
   * create, read, list, update and delete records seeded from its examples. Our engine only.
   */
  stateful?: boolean;
}

export interface StartMocksOptions extends MockOptions {
  /** Which mocks to start; default all. */
  apis?: readonly ApiId[];
  /** Port per API; 0 picks a free one. Default: the API's env variable, else its fixed port. */
  ports?: Partial<Record<ApiId, number>>;
}

async function startPrismMock(api: ApiId, port: number): Promise<PrismProcess> {
  const { title, mock } = apiById(api);
  const document = loadContract(api);
  const format = isOpenRpc(document) ? undefined : formatParameter(document);
  if (!format) return startPrism(contractFile(api, "yaml"), port);
  const prism = await startPrism(contractFile(api, "yaml"), await claimPort(0, `${title} mock (Prism)`, mock.portEnv));
  return { ...(await startFormatFront(port, prism, format)), failed: prism.failed };
}

/** Starts one API's mock and resolves once it answers on loopback. */
export async function startMock(api: ApiId, port = mockPort(api), options: MockOptions = {}): Promise<MockServer> {
  const { title, mock } = apiById(api);
  const bound = await claimPort(port, `${title} mock`, mock.portEnv);
  const document = loadContract(api);
  const stateful = options.stateful ?? false;
  if (isOpenRpc(document))
    return { api, title, ...(await startJsonRpcMock(document, bound, options.limits, { stateful })), failed: NEVER };
  if (options.engine === "prism") {
    if (stateful) throw new Error("The stateful mode runs on our engine only, not on Prism.");
    return { api, title, ...(await startPrismMock(api, bound)), reset: () => undefined };
  }
  const engine = new OpenApiMock(document, behaviourFor(api, document, options), { stateful });
  const server = await serveEngine(
    {
      handle: (request) => engine.handle(request),
      failure: (status, message, request) => engine.failure(status, message, request),
    },
    bound,
    options.limits,
  );
  return { api, title, ...server, reset: () => engine.reset(), failed: NEVER };
}

/** Starts several mocks together; if one fails, the ones already started are stopped. */
export async function startMocks(options: StartMocksOptions = {}): Promise<{
  servers: MockServer[];
  stop: () => Promise<void>;
  /** Every mock back to its seed (stateful mode). */
  reset: () => void;
}> {
  const apis = options.apis ?? API_IDS;
  const settled = await Promise.allSettled(apis.map((api) => startMock(api, options.ports?.[api], options)));
  const servers = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const failure = settled.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const reset = () => {
    for (const server of servers) server.reset();
  };
  return { servers, stop, reset };
}
