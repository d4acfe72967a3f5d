// Every API leanapis covers, declared once. Each package (mocks, clients, docs, contract
// tests, release, bench, tooling) reads its facts from here; adding an API means adding an
// entry here, its contract package (specs/<id>) and its client entry (packages/clients/src/<id>).
import type { ContractKind } from "@leanapis/contract-helpers";

export interface ApiDefinition {
  /** Short name used everywhere: CLI arguments, file names, report keys. */
  readonly id: string;
  readonly title: string;
  readonly kind: ContractKind;
  readonly contract: {
    /** The workspace package that lints and bundles the contract. */
    readonly package: string;
    /** Its source folder, from the repository root. */
    readonly dir: string;
    /** The bundled files the package exports: one JSON document, and YAML for OpenAPI. */
    readonly bundles: { readonly json: string; readonly yaml?: string };
  };
  /**
   * The local mock: its fixed loopback port and the variable that overrides it; for an API
   * whose contract describes several releases, the variable naming the release it behaves as.
   */
  readonly mock: { readonly port: number; readonly portEnv: string; readonly versionEnv?: string };
  /** The docs site's pages: `<slug>.html` (reference) and `quickstart-<slug>.html`. */
  readonly docs: { readonly slug: string };
  readonly client: {
    /** The subpath export of @leanapis/clients. */
    readonly entry: string;
    /** Its client factory and error class, by export name. */
    readonly factory: string;
    readonly errorClass: string;
    /** Options for a client of the mock (no retries), and the auth option per security scheme. */
    readonly mockOptions: Readonly<Record<string, unknown>>;
    readonly mockAuth: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
  /** Live mode: the base URL variable (its presence switches the suites to live) and the others by role. */
  readonly live: {
    readonly baseUrl: string;
    readonly variables: Readonly<Record<string, string>>;
    /** The API's origin, as an example for the README and error messages. */
    readonly example: string;
  };
}

export const APIS = [
  {
    id: "leankit",
    title: "LeanKit",
    kind: "openapi",
    contract: {
      package: "@leanapis/spec-leankit",
      dir: "specs/leankit",
      bundles: { json: "openapi.json", yaml: "openapi.yaml" },
    },
    mock: { port: 4010, portEnv: "LEANKIT_MOCK_PORT" },
    docs: { slug: "leankit" },
    client: {
      entry: "@leanapis/clients/leankit",
      factory: "createLeanKitClient",
      errorClass: "LeanKitApiError",
      mockOptions: { retry: false },
      mockAuth: {
        bearerAuth: { token: "mock-token" },
        basicAuth: { username: "mock-user", password: "mock-password" },
      },
    },
    live: {
      baseUrl: "LEANKIT_BASE_URL",
      variables: {
        token: "LEANKIT_TOKEN",
        username: "LEANKIT_USERNAME",
        password: "LEANKIT_PASSWORD",
        cardId: "LEANKIT_CARD_ID",
      },
      example: "https://myaccount.leankit.com",
    },
  },
  {
    id: "reporting",
    title: "LeanKit Reporting",
    kind: "openapi",
    contract: {
      package: "@leanapis/spec-reporting",
      dir: "specs/reporting",
      bundles: { json: "openapi.json", yaml: "openapi.yaml" },
    },
    mock: { port: 4011, portEnv: "REPORTING_MOCK_PORT" },
    docs: { slug: "reporting" },
    client: {
      entry: "@leanapis/clients/reporting",
      factory: "createReportingClient",
      errorClass: "ReportingApiError",
      mockOptions: { retry: false },
      mockAuth: { bearerAuth: { token: "mock-token" }, tokenQuery: { token: "mock-token" } },
    },
    live: {
      baseUrl: "REPORTING_BASE_URL",
      variables: { email: "REPORTING_EMAIL", password: "REPORTING_PASSWORD" },
      example: "https://myaccount.leankit.com",
    },
  },
  {
    id: "leanmote",
    title: "Leanmote",
    kind: "openapi",
    contract: {
      package: "@leanapis/spec-leanmote",
      dir: "specs/leanmote",
      bundles: { json: "openapi.json", yaml: "openapi.yaml" },
    },
    mock: { port: 4012, portEnv: "LEANMOTE_MOCK_PORT" },
    docs: { slug: "leanmote" },
    client: {
      entry: "@leanapis/clients/leanmote",
      factory: "createLeanmoteClient",
      errorClass: "LeanmoteApiError",
      mockOptions: { retry: false, burst: false },
      mockAuth: {
        bearerAuth: { token: "mock-token" },
        scimBearerAuth: { token: "mock-token" },
        otelIngestAuth: { token: "mock-token" },
      },
    },
    live: { baseUrl: "LEANMOTE_BASE_URL", variables: { token: "LEANMOTE_TOKEN" }, example: "https://api.leanmote.com" },
  },
  {
    id: "leantime",
    title: "Leantime",
    kind: "openrpc",
    contract: { package: "@leanapis/spec-leantime", dir: "specs/leantime", bundles: { json: "openrpc.json" } },
    mock: { port: 4013, portEnv: "LEANTIME_MOCK_PORT", versionEnv: "LEANTIME_VERSION" },
    docs: { slug: "leantime" },
    client: {
      entry: "@leanapis/clients/leantime",
      factory: "createLeantimeClient",
      errorClass: "LeantimeRpcError",
      mockOptions: { retry: false },
      mockAuth: { apiKey: { apiKey: "mock-key" } },
    },
    live: {
      baseUrl: "LEANTIME_BASE_URL",
      variables: { apiKey: "LEANTIME_API_KEY" },
      example: "https://leantime.example.com",
    },
  },
] as const satisfies readonly ApiDefinition[];

export type ApiId = (typeof APIS)[number]["id"];
export type Api = (typeof APIS)[number];

export const API_IDS: readonly ApiId[] = APIS.map((api) => api.id);

/** The docs site: not an API, but served beside the mocks. */
export const DOCS_SITE = { port: 8080, portEnv: "DOCS_PORT" } as const;

export function isApiId(name: string): name is ApiId {
  return (API_IDS as readonly string[]).includes(name);
}

/** The API with this id; throws, listing the known ones, for any other name. */
export function apiById<Id extends ApiId>(id: Id): Extract<Api, { id: Id }>;
export function apiById(id: string): Api;
export function apiById(id: string): Api {
  const api = APIS.find((candidate) => candidate.id === id);
  if (!api) throw new Error(`Unknown API ${id}. Known: ${API_IDS.join(", ")}.`);
  return api;
}
