import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Every API this package mocks, with its fixed port (overridable by environment). */
export const MOCKED_APIS = {
  leankit: {
    title: "LeanKit",
    defaultPort: 4010,
    portEnv: "LEANKIT_MOCK_PORT",
    contract: "@leanapis/spec-leankit/openapi.yaml",
    kind: "openapi",
  },
  reporting: {
    title: "LeanKit Reporting",
    defaultPort: 4011,
    portEnv: "REPORTING_MOCK_PORT",
    contract: "@leanapis/spec-reporting/openapi.yaml",
    kind: "openapi",
  },
  leanmote: {
    title: "Leanmote",
    defaultPort: 4012,
    portEnv: "LEANMOTE_MOCK_PORT",
    contract: "@leanapis/spec-leanmote/openapi.yaml",
    kind: "openapi",
  },
  leantime: {
    title: "Leantime",
    defaultPort: 4013,
    portEnv: "LEANTIME_MOCK_PORT",
    contract: "@leanapis/spec-leantime/openrpc.json",
    kind: "openrpc",
  },
} as const;

export type ApiName = keyof typeof MOCKED_APIS;

export const API_NAMES = Object.keys(MOCKED_APIS) as ApiName[];

/** The bundled contract file of an API. */
export function contractPath(api: ApiName): string {
  return require.resolve(MOCKED_APIS[api].contract);
}

/** The port an API's mock listens on: its environment variable, else its fixed default. */
export function configuredPort(api: ApiName, env: NodeJS.ProcessEnv = process.env): number {
  const { portEnv, defaultPort } = MOCKED_APIS[api];
  const raw = env[portEnv];
  if (raw === undefined || raw === "") return defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${portEnv}=${raw} is not a port number (0-65535).`);
  }
  return port;
}
