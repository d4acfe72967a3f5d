import { createServer } from "node:net";

export const HOST = "127.0.0.1";

/** Thrown when a fixed port is taken; the message says what to do about it. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(
    readonly port: number,
    readonly service: string,
    readonly portEnv: string,
  ) {
    super(
      `Port ${port} on ${HOST} (${service}) is already in use. Stop whatever listens there ` +
        `(\`lsof -i :${port}\` shows it, often an earlier \`npm start\`), or choose another port: ${portEnv}=<port>.`,
    );
  }
}

/** Binds `port` (0 = any free one) on loopback and releases it, returning the port that was bound. */
export function claimPort(port: number, service: string, portEnv: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PortInUseError(port, service, portEnv) : error),
    );
    probe.listen(port, HOST, () => {
      const address = probe.address();
      const bound = typeof address === "object" && address ? address.port : port;
      probe.close(() => resolve(bound));
    });
  });
}
