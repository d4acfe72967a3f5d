// Serves the built site from dist/ on loopback: the precompressed copy (brotli, else gzip)
// the browser accepts, the content-named reference script cached for a year, every page revalidated
// by its ETag.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { DOCS_SITE } from "@leanapis/registry";
import sirv from "sirv";

const HOST = "127.0.0.1";
const SITE = fileURLToPath(new URL("../dist/", import.meta.url));

export interface DocsServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface DocsServerOptions {
  /** 0 = any free port; default: the docs site's fixed port. */
  readonly port?: number;
  /** The built site; default: this package's dist/. */
  readonly dir?: string;
}

/** Files under assets/ are named by their content, so they never change: cache them for good. */
export function siteHeaders(res: ServerResponse, pathname: string): void {
  const immutable = pathname.startsWith("/assets/");
  res.setHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  // sirv's type table has no entry for icons.
  if (pathname.endsWith(".ico")) res.setHeader("Content-Type", "image/x-icon");
}

/** Starts the docs server on `port`; resolves with its URL and a close function. */
export function startDocsServer({ port = DOCS_SITE.port, dir = SITE }: DocsServerOptions = {}): Promise<DocsServer> {
  const server = createServer(
    sirv(dir, {
      dev: false,
      etag: true,
      brotli: true,
      gzip: true,
      setHeaders: (res, pathname) => siteHeaders(res, pathname),
    }),
  );
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EADDRINUSE") return reject(error);
      reject(
        new Error(
          `Port ${port} on ${HOST} (docs site) is already in use. Stop whatever listens there ` +
            `(\`lsof -i :${port}\` shows it, often an earlier \`npm start\`), ` +
            `or choose another port: ${DOCS_SITE.portEnv}=<port>.`,
        ),
      );
    });
    server.listen(port, HOST, () => {
      resolve({
        url: `http://${HOST}:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
