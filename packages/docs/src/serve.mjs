// Serves the built site from dist/ on loopback.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import sirv from "sirv";

export const DEFAULT_PORT = 8080;
const HOST = "127.0.0.1";
const SITE = fileURLToPath(new URL("../dist/", import.meta.url));

/** Starts the docs server on `port` (0 = any free one); resolves with its URL and a close function. */
export function startDocsServer({ port = DEFAULT_PORT, dir = SITE } = {}) {
  const server = createServer(sirv(dir, { dev: false, etag: true }));
  return new Promise((resolve, reject) => {
    server.once("error", (error) => {
      if (error.code !== "EADDRINUSE") return reject(error);
      reject(
        new Error(
          `Port ${port} on ${HOST} (docs site) is already in use. Stop whatever listens there ` +
            `(\`lsof -i :${port}\` shows it, often an earlier \`npm start\`), or choose another port: DOCS_PORT=<port>.`,
        ),
      );
    });
    server.listen(port, HOST, () => {
      resolve({
        url: `http://${HOST}:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
