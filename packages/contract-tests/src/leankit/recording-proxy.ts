// A loopback proxy that records every exchange passing through it, bytes as sent: a client
// we do not control (LeanKit's own Node client) talks to a mock through it, and each
// exchange is then checked against the contract as it was on the wire.
import { createServer, request as forward, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Exchange } from "../check/exchange.js";

export interface RecordedExchange extends Exchange {
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: Uint8Array };
  response: { status: number; headers: IncomingHttpHeaders; body: Uint8Array };
}

export interface RecordingProxy {
  url: string;
  /** The exchanges recorded since the last call, in the order their answers completed. */
  take(): RecordedExchange[];
  stop(): Promise<void>;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Starts a proxy on 127.0.0.1 (a free port) in front of `target` (an origin). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  let recorded: RecordedExchange[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const body = await collect(incoming);
    const method = incoming.method ?? "GET";
    const url = incoming.url ?? "/";
    const headers = { ...incoming.headers, host: upstream.host };
    const upstreamRequest = forward({ host: upstream.hostname, port: upstream.port, method, path: url, headers });
    upstreamRequest.on("error", (error) => {
      outgoing.writeHead(502, { "content-type": "text/plain" }).end(`proxy: ${error.message}`);
    });
    upstreamRequest.on("response", async (answer) => {
      const answerBody = await collect(answer);
      recorded.push({
        request: { method, url, headers: incoming.headers, body },
        response: { status: answer.statusCode ?? 0, headers: answer.headers, body: answerBody },
      });
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers).end(answerBody);
    });
    upstreamRequest.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take: () => {
      const taken = recorded;
      recorded = [];
      return taken;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
