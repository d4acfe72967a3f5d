// Code samples for every operation and method, written from the contract and the registry's
// client entry: a curl command and the typed client call, both against the local mock with the
// registry's mock credentials, so a reader can paste either and get the contract's example.
// The tests run every curl sample against the mocks and type-check every client sample.
import {
  type ContentDescriptorObject,
  deref,
  type ExamplePairingObject,
  fillTemplate,
  isOpenRpc,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenRpcDocument,
  openApiOperations,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import type { Api } from "@leanapis/registry";
import { mockUrl } from "./apis.js";

/** One operation's (or method's) samples and what a run of its curl sample must answer. */
export interface OperationSamples {
  /** The operationId, or the method's name. */
  readonly id: string;
  readonly curl: string;
  /** The client call, with its import and the client it makes. */
  readonly client: string;
  /** The HTTP statuses the contract declares as success. */
  readonly successes: readonly number[];
  /** JSON-RPC: a success is an answer with `result`, not `error`. */
  readonly rpc: boolean;
}

/** The `x-codeSamples` entries (Redoc's extension, which the reference pages read) for `samples`. */
export function codeSamples(samples: OperationSamples): { lang: string; label: string; source: string }[] {
  return [
    { lang: "Shell", label: "curl", source: samples.curl },
    { lang: "TypeScript", label: "Client", source: samples.client },
  ];
}

/** Quoted for a POSIX shell: single quotes, an inner one as '\''. */
export const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

const json = (value: unknown, indent = 0): string => JSON.stringify(value, null, indent) ?? "undefined";

/** A JavaScript value as source: JSON, indented to sit at `depth` levels. */
function literal(value: unknown, depth: number): string {
  return json(value, 2).replaceAll("\n", `\n${"  ".repeat(depth)}`);
}

type Operation = OpenAPIV3_1.OperationObject;
type Parameter = OpenAPIV3_1.ParameterObject;
type SecurityScheme = OpenAPIV3_1.SecuritySchemeObject;

const parameterExample = (parameter: Parameter): unknown =>
  parameter.example ?? (parameter.schema as OpenAPIV3_1.SchemaObject | undefined)?.examples?.[0];

function mediaExample(document: OpenApiDocument, media: OpenAPIV3_1.MediaTypeObject | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return deref<OpenAPIV3_1.ExampleObject>(document, first)?.value;
}

/**
 * The example with every property that has a default and is missing filled in with it: the
 * client's types count a defaulted property as present, so a call without it does not compile.
 */
function withDefaults(document: OpenApiDocument, schemaOrRef: unknown, value: unknown): unknown {
  const schema = deref<OpenAPIV3_1.SchemaObject>(document, schemaOrRef as OpenAPIV3_1.SchemaObject);
  if (!schema || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value))
    return value.map((item) => withDefaults(document, schema.type === "array" ? schema.items : undefined, item));
  const filled: Record<string, unknown> = { ...value };
  for (const part of [schema, ...(schema.allOf ?? []).map((s) => deref<OpenAPIV3_1.SchemaObject>(document, s))]) {
    for (const [name, property] of Object.entries(part?.properties ?? {})) {
      const resolved = deref<OpenAPIV3_1.SchemaObject>(document, property);
      if (filled[name] === undefined && resolved?.default !== undefined) filled[name] = resolved.default;
      else if (filled[name] !== undefined) filled[name] = withDefaults(document, resolved, filled[name]);
    }
  }
  return filled;
}

/**
 * The scheme a call uses: the first of the registry's mock credentials the operation's
 * security (else the document's) accepts; none for a public operation.
 */
function schemeFor(api: Api, document: OpenApiDocument, operation: Operation): string | undefined {
  const requirements = operation.security ?? document.security ?? [];
  const accepted = new Set(requirements.flatMap((requirement) => Object.keys(requirement)));
  return Object.keys(api.client.mockAuth).find((name) => accepted.has(name));
}

/** The client factory's options: the mock's URL and the credentials of `scheme` (the first, for a public call). */
function clientSetup(api: Api, scheme: string | undefined): string {
  const auth: Readonly<Record<string, Readonly<Record<string, string>>>> = api.client.mockAuth;
  const credentials = auth[scheme ?? Object.keys(auth)[0] ?? ""] ?? {};
  return `import { ${api.client.factory} } from "${api.client.entry}";

const ${api.id} = ${api.client.factory}({ baseUrl: "${mockUrl(api)}", auth: ${json(credentials)
    .replace(/"(\w+)":/g, "$1: ")
    .replace(/,/g, ", ")} });
`;
}

function curlAuth(api: Api, document: OpenApiDocument, scheme: string | undefined, query: URLSearchParams): string[] {
  if (!scheme) return [];
  const definition = deref<SecurityScheme>(document, document.components?.securitySchemes?.[scheme]);
  const credentials: Readonly<Record<string, string>> =
    (api.client.mockAuth as Readonly<Record<string, Readonly<Record<string, string>>>>)[scheme] ?? {};
  const secret = credentials.token ?? credentials.apiKey ?? "";
  if (definition?.type === "http" && definition.scheme.toLowerCase() === "basic") {
    return [`-u ${shellQuote(`${credentials.username}:${credentials.password}`)}`];
  }
  if (definition?.type === "http") return [`-H ${shellQuote(`Authorization: Bearer ${secret}`)}`];
  if (definition?.type === "apiKey" && definition.in === "query") query.append(definition.name, secret);
  if (definition?.type === "apiKey" && definition.in === "header")
    return [`-H ${shellQuote(`${definition.name}: ${secret}`)}`];
  return [];
}

/** Appends `value` to a query string as the default form style does (arrays as repeated keys). */
function appendQuery(query: URLSearchParams, name: string, value: unknown): void {
  for (const item of [value].flat()) query.append(name, typeof item === "string" ? item : json(item));
}

function openApiSamples(api: Api, document: OpenApiDocument): OperationSamples[] {
  return openApiOperations(document).map(({ path, method, operation, parameters }) => {
    // The minimal call: path parameters and the required ones, valued from their examples.
    const used = parameters.filter((p) => p.in === "path" || p.required);
    const values = Object.fromEntries(used.map((p) => [`${p.in}:${p.name}`, parameterExample(p)]));
    const value = (p: Parameter) => values[`${p.in}:${p.name}`];
    const scheme = schemeFor(api, document, operation);
    const query = new URLSearchParams();
    const url = fillTemplate(path, (name) => {
      const parameter = used.find((p) => p.in === "path" && p.name === name);
      return encodeURIComponent(String(parameter ? value(parameter) : name));
    });
    for (const p of used.filter((p) => p.in === "query")) appendQuery(query, p.name, value(p));
    const args = [`-X ${method.toUpperCase()}`];
    const auth = curlAuth(api, document, scheme, query);
    const headers = used.filter((p) => p.in === "header").map((p) => `-H ${shellQuote(`${p.name}: ${value(p)}`)}`);
    const requestBody = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody);
    const [mediaType, media] = Object.entries(requestBody?.content ?? {})[0] ?? [];
    let body = withDefaults(document, media?.schema, mediaExample(document, media));
    const bodyArgs: string[] = [];
    if (mediaType === "multipart/form-data") {
      // A file part from a local file, the other parts as text.
      const schema = deref<OpenAPIV3_1.SchemaObject>(document, media?.schema);
      const parts = Object.entries(schema?.properties ?? {}).map(([name, property]) => {
        const binary = "contentMediaType" in property || ("format" in property && property.format === "binary");
        return binary ? `-F ${shellQuote(`${name}=@notes.txt`)}` : `-F ${shellQuote(`${name}=Release notes`)}`;
      });
      bodyArgs.push(...parts);
      body = Object.fromEntries(
        Object.keys(schema?.properties ?? {}).map((name) => [
          name,
          name === "file" ? "release notes" : "Release notes",
        ]),
      );
    } else if (mediaType && body !== undefined) {
      bodyArgs.push(`-H ${shellQuote(`Content-Type: ${mediaType}`)}`, `--data ${shellQuote(json(body))}`);
    }
    const target = `${mockUrl(api)}${url}${query.size ? `?${query}` : ""}`;
    const curl = [`curl ${args.join(" ")} ${shellQuote(target)}`, ...auth, ...headers, ...bodyArgs].join(" \\\n  ");

    const params: string[] = [];
    for (const place of ["path", "query", "header"] as const) {
      const entries = used.filter((p) => p.in === place).map((p) => [p.name, value(p)]);
      if (entries.length) params.push(`${place}: ${literal(Object.fromEntries(entries), 2)}`);
    }
    const init: string[] = [];
    if (params.length) init.push(`params: { ${params.join(", ")} }`);
    if (body !== undefined && mediaType) init.push(`body: ${literal(body, 1)}`);
    const call = `${api.id}.${method.toUpperCase()}(${json(path)}${init.length ? `, {\n  ${init.join(",\n  ")},\n}` : ""})`;
    const client = `${clientSetup(api, scheme)}
const { data } = await ${call};
console.log(data);
`;
    const successes = Object.keys(operation.responses ?? {})
      .filter((status) => /^2\d\d$/.test(status))
      .map(Number);
    return { id: operation.operationId ?? `${method} ${path}`, curl, client, successes, rpc: false };
  });
}

/** The JSON-RPC endpoint the Leantime client and curl post to. */
export const RPC_ENDPOINT = "/api/jsonrpc";

function openRpcSamples(api: Api, document: OpenRpcDocument): OperationSamples[] {
  const scheme = document["x-security"] as SecurityScheme | undefined;
  const credentials: Readonly<Record<string, string>> =
    Object.values(api.client.mockAuth as Readonly<Record<string, Readonly<Record<string, string>>>>)[0] ?? {};
  const secret = credentials.apiKey ?? credentials.token ?? "";
  const authHeader =
    scheme?.type === "apiKey" && scheme.in === "header"
      ? `-H ${shellQuote(`${scheme.name}: ${secret}`)}`
      : `-H ${shellQuote(`Authorization: Bearer ${secret}`)}`;
  return openRpcMethods(document).map((method) => {
    const [first] = method.examples ?? [];
    const pairing = first ? deref<ExamplePairingObject>(document, first) : undefined;
    const declared = method.params.map((p) => deref<ContentDescriptorObject>(document, p));
    const exampleParams = (pairing?.params ?? []).map((p) => deref<{ name: string; value: unknown }>(document, p));
    const params = Object.fromEntries(
      exampleParams.flatMap((p) => (p && declared.some((d) => d?.name === p.name) ? [[p.name, p.value]] : [])),
    );
    const request = { jsonrpc: "2.0", id: 1, method: method.name, params };
    const curl = [
      `curl -X POST ${shellQuote(`${mockUrl(api)}${RPC_ENDPOINT}`)}`,
      authHeader,
      `-H ${shellQuote("Content-Type: application/json")}`,
      `--data ${shellQuote(json(request))}`,
    ].join(" \\\n  ");
    const tree = method.name.split(".").slice(2).join(".");
    const argument = Object.keys(params).length ? literal(params, 0) : "";
    const client = `${clientSetup(api, undefined)}
const result = await ${api.id}.methods.${tree}(${argument});
console.log(result);
`;
    return { id: method.name, curl, client, successes: [200], rpc: true };
  });
}

/** Every operation's (or method's) samples, in the contract's order. */
export function samplesFor(api: Api, document: OpenApiDocument | OpenRpcDocument): OperationSamples[] {
  return isOpenRpc(document) ? openRpcSamples(api, document) : openApiSamples(api, document);
}

/**
 * One module holding every client sample of an API, each in its own function (the imports
 * hoisted, once), for the type checker: a sample that does not fit the client fails the build.
 */
export function clientSamplesModule(samples: readonly OperationSamples[]): string {
  const imports = new Set<string>();
  const bodies = samples.map(({ id, client }, index) => {
    const lines = client.split("\n");
    for (const line of lines.filter((l) => l.startsWith("import "))) imports.add(line);
    const body = lines.filter((l) => !l.startsWith("import ") && l.trim() !== "");
    return `// ${id}\nexport async function sample${index}(): Promise<void> {\n  ${body.join("\n  ")}\n}`;
  });
  return `${[...imports].join("\n")}\n\n${bodies.join("\n\n")}\n`;
}
