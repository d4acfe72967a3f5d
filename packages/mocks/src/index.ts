import { isOpenRpc } from "@leanapis/contract-helpers";
import { API_IDS, type ApiId, apiById, contractFile, loadContract, mockPort } from "@leanapis/registry";
import { formatParameter, startFormatFront } from "./format-front.js";
import { startJsonRpcMock } from "./jsonrpc-mock.js";
import { claimPort } from "./ports.js";
import { startPrism } from "./prism.js";

export { API_IDS, type ApiId } from "@leanapis/registry";
export { PortInUseError } from "./ports.js";

export interface MockServer {
  api: ApiId;
  title: string;
  url: string;
  stop: () => Promise<void>;
}

export interface StartMocksOptions {
  /** Which mocks to start; default all. */
  apis?: readonly ApiId[];
  /** Port per API; 0 picks a free one. Default: the API's env variable, else its fixed port. */
  ports?: Partial<Record<ApiId, number>>;
}

/** Starts one API's mock and resolves once it answers on loopback. */
export async function startMock(api: ApiId, port = mockPort(api)): Promise<MockServer> {
  const { title, mock } = apiById(api);
  const bound = await claimPort(port, `${title} mock`, mock.portEnv);
  const document = loadContract(api);
  if (isOpenRpc(document)) return { api, title, ...(await startJsonRpcMock(document, bound)) };
  const format = formatParameter(document);
  if (!format) return { api, title, ...(await startPrism(contractFile(api, "yaml"), bound)) };
  const prism = await startPrism(contractFile(api, "yaml"), await claimPort(0, `${title} mock (Prism)`, mock.portEnv));
  return { api, title, ...(await startFormatFront(bound, prism, format)) };
}

/** Starts several mocks together; if one fails, the ones already started are stopped. */
export async function startMocks(options: StartMocksOptions = {}): Promise<{
  servers: MockServer[];
  stop: () => Promise<void>;
}> {
  const apis = options.apis ?? API_IDS;
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
