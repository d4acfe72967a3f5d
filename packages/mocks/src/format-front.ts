// For contracts whose responses are chosen by a query parameter (the Reporting exports'
// `?format=csv|tab|json`), a thin front before Prism turns that parameter into the Accept
// header Prism negotiates by. The mapping comes from the parameter's `x-media-types`.
import { createServer, request as forward } from "node:http";
import { deref, type OpenApiDocument } from "@leanapis/contract-helpers";
import { HOST } from "./ports.js";
import type { RunningProcess } from "./prism.js";

interface FormatParameter {
  name: string;
  "x-media-types": Record<string, string>;
}

/** The query parameter that chooses the media type, if the contract has one. */
export function formatParameter(document: OpenApiDocument): FormatParameter | undefined {
  return Object.values(document.components?.parameters ?? {})
    .map((parameter) => deref<Partial<FormatParameter>>(document, parameter))
    .find((parameter): parameter is FormatParameter => parameter?.["x-media-types"] !== undefined);
}

/** Serves on 127.0.0.1:`port`, forwarding everything to `upstream` with Accept set from the parameter. */
export async function startFormatFront(
  port: number,
  upstream: RunningProcess,
  parameter: FormatParameter,
): Promise<RunningProcess> {
  const target = new URL(upstream.url);
  const server = createServer((req, res) => {
    const format = new URL(req.url ?? "/", `http://${HOST}`).searchParams.get(parameter.name);
    const accept = format ? parameter["x-media-types"][format] : undefined;
    const headers = { ...req.headers, host: target.host, ...(accept ? { accept } : {}) };
    const proxied = forward(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on("error", (error) =>
      res.writeHead(502, { "content-type": "text/plain" }).end(`mock upstream failed: ${error.message}`),
    );
    req.pipe(proxied);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, resolve);
  });
  return {
    url: `http://${HOST}:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await upstream.stop();
    },
  };
}
