import { API_NAMES, type ApiName, configuredPort, contractPath, MOCKED_APIS } from "./apis.js";
import { formatParameter, startFormatFront } from "./format-front.js";
import { claimPort } from "./ports.js";
import { startJsonRpcMock } from "./jsonrpc-mock.js";
import { startPrism } from "./prism.js";

export { API_NAMES, type ApiName, MOCKED_APIS } from "./apis.js";
export { PortInUseError } from "./ports.js";

export interface MockServer {
  api: ApiName;
  title: string;
  url: string;
  stop: () => Promise<void>;
}

export interface StartMocksOptions {
  /** Which mocks to start; default all. */
  apis?: readonly ApiName[];
  /** Port per API; 0 picks a free one. Default: the API's env variable, else its fixed port. */
  ports?: Partial<Record<ApiName, number>>;
}

/** Starts one API's mock and resolves once it answers on loopback. */
export async function startMock(api: ApiName, port = configuredPort(api)): Promise<MockServer> {
  const { title, portEnv } = MOCKED_APIS[api];
  const bound = await claimPort(port, `${title} mock`, portEnv);
  if (MOCKED_APIS[api].kind === "openrpc") return { api, title, ...(await startJsonRpcMock(contractPath(api), bound)) };
  const format = formatParameter(contractPath(api).replace(/\.yaml$/, ".json"));
  if (!format) return { api, title, ...(await startPrism(contractPath(api), bound)) };
  const prism = await startPrism(contractPath(api), await claimPort(0, `${title} mock (Prism)`, portEnv));
  return { api, title, ...(await startFormatFront(bound, prism, format)) };
}

/** Starts several mocks together; if one fails, the ones already started are stopped. */
export async function startMocks(options: StartMocksOptions = {}): Promise<{
  servers: MockServer[];
  stop: () => Promise<void>;
}> {
  const apis = options.apis ?? API_NAMES;
  const settled = await Promise.allSettled(apis.map((api) => startMock(api, options.ports?.[api])));
  const servers = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const failure = settled.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return { servers, stop };
}
