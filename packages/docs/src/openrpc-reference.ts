// Leantime's reference is rendered like the others (reference-page.ts): the OpenRPC document is read
// as an OpenAPI view, one POST operation per method (grouped by its service tag), so the page
// gets the same sidebar, search, a link per method, parameter and result tables with
// expandable schemas, labelled examples and code samples. Everything comes from whatever the
// document holds: its methods, tags, schemas, errors and examples.
import {
  type ContentDescriptorObject,
  deref,
  type ExamplePairingObject,
  type MethodObject,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { codeSamples, type OperationSamples, RPC_ENDPOINT } from "./samples.js";

type Schema = OpenAPIV3_1.SchemaObject;
type ExampleObject = { name: string; summary?: string; description?: string; value: unknown };
type TagObject = { name: string; description?: string };

/** The JSON-RPC error answer, the same for every method: one named schema, linked from each. */
const ERROR_SCHEMA = "JsonRpcError";
const failure = (): Schema => ({
  title: "Error",
  ...envelope(
    {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "integer", description: "The JSON-RPC error code." },
          message: { type: "string", description: "What went wrong." },
          data: { description: "More about the error, when the server gives it." },
        },
      },
    },
    ["error"],
  ),
});

/** Follows a local `$ref`; a dangling one is a broken contract, not a page to render. */
function resolver(document: OpenRpcDocument) {
  return <T>(node: T | { $ref: string }): T => {
    const target = deref<T>(document, node);
    if (target === undefined)
      throw new Error(`Unresolvable reference in ${document.info.title}: ${JSON.stringify(node)}`);
    return target;
  };
}

const envelope = (members: Record<string, Schema>, required: string[]): Schema => ({
  type: "object",
  required: ["jsonrpc", "id", ...required],
  properties: {
    jsonrpc: { type: "string", const: "2.0", description: "Always the string `2.0`." },
    id: { type: ["integer", "string"], description: "Echoes the request's `id`." },
    ...members,
  },
});

/**
 * The document's prose as the reference's markdown reads it: `<` and `>` outside code spans as
 * entities, so that `lt_<user>_<secret>` is shown, not taken for HTML tags and dropped.
 */
export const markdownText = (text = ""): string =>
  text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith("`") ? part : part.replaceAll("<", "&lt;").replaceAll(">", "&gt;")))
    .join("");

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function describeMethod(method: MethodObject, errors: OpenRpcErrorObject[]): string {
  const aliases: string[] = method["x-aliases"] ?? [];
  const parts = [`Method \`${method.name}\`.`, markdownText(method.description)];
  if (aliases.length) parts.push(`Also callable as ${aliases.map((a) => `\`${a}\``).join(", ")}.`);
  if (errors.length) {
    const rows = errors.map(
      (e) => `| ${e.code} | ${cell(markdownText(e.message))} | ${cell(markdownText(String(e.data ?? "")))} |`,
    );
    parts.push(
      `**Errors** (JSON-RPC, with HTTP 200):\n\n| code | message | data |\n| --- | --- | --- |\n${rows.join("\n")}`,
    );
  }
  return parts.filter(Boolean).join("\n\n");
}

function operationFor(
  method: MethodObject,
  resolve: ReturnType<typeof resolver>,
  samples: OperationSamples | undefined,
): OpenAPIV3_1.OperationObject {
  const params = method.params.map((p) => resolve<ContentDescriptorObject>(p));
  const errors = (method.errors ?? []).map((e) => resolve<OpenRpcErrorObject>(e));
  const result = method.result ? resolve<ContentDescriptorObject>(method.result) : undefined;
  const pairings = (method.examples ?? []).map((e) => resolve<ExamplePairingObject>(e));
  const paramsSchema: Schema = {
    type: "object",
    description: "Params by name.",
    required: params.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(
      params.map((p) => {
        const schema = typeof p.schema === "object" ? p.schema : {};
        return [p.name, { ...schema, ...(p.description ? { description: p.description } : {}) } as Schema];
      }),
    ),
  };
  const request = envelope(
    {
      method: { type: "string", const: method.name, description: "The method's name (or an alias)." },
      params: paramsSchema,
    },
    ["method", "params"],
  );
  const requestExamples = Object.fromEntries(
    pairings.map((pairing) => {
      const values = pairing.params.map((p) => resolve<ExampleObject>(p));
      const value = {
        jsonrpc: "2.0",
        id: 1,
        method: method.name,
        params: Object.fromEntries(values.map((p) => [p.name, p.value])),
      };
      return [pairing.name, { summary: `Request: ${pairing.summary ?? pairing.name}`, value }];
    }),
  );
  const resultSchema = (result && typeof result.schema === "object" ? result.schema : {}) as Schema;
  const success = envelope(
    { result: { ...resultSchema, description: result?.description ?? "The method's result." } },
    ["result"],
  );
  const responseExamples = {
    ...Object.fromEntries(
      pairings.flatMap((pairing) => {
        if (!pairing.result) return [];
        const value = { jsonrpc: "2.0", id: 1, result: resolve<ExampleObject>(pairing.result).value };
        return [[`${pairing.name}Result`, { summary: `Result: ${pairing.summary ?? pairing.name}`, value }]];
      }),
    ),
    ...Object.fromEntries(
      errors.map((e) => [
        `error${e.code}`,
        { summary: `Error ${e.code}: ${e.message}`, value: { jsonrpc: "2.0", id: 1, error: e } },
      ]),
    ),
  };
  const tag = method.tags?.[0] ? resolve<TagObject>(method.tags[0]).name : "Other";
  return {
    operationId: method.name,
    summary: method.summary ?? method.name,
    description: describeMethod(method, errors),
    tags: [tag],
    ...(method.deprecated ? { deprecated: true } : {}),
    requestBody: {
      required: true,
      content: { "application/json": { schema: request, ...(pairings.length ? { examples: requestExamples } : {}) } },
    },
    responses: {
      "200": {
        description: "The result, or a JSON-RPC error (also with HTTP 200).",
        content: {
          "application/json": {
            schema: {
              oneOf: [{ title: "Result", ...success }, { $ref: `#/components/schemas/${ERROR_SCHEMA}` }],
            },
            examples: responseExamples,
          },
        },
      },
    },
    ...(samples ? { "x-codeSamples": codeSamples(samples) } : {}),
  } as OpenAPIV3_1.OperationObject;
}

/** The origin of an OpenRPC server URL (the endpoint path becomes the operations' path). */
const origin = (url: string): string => url.replace(new RegExp(`${RPC_ENDPOINT}/?$`), "");

/** The OpenAPI view of `document` that the reference renders: one POST operation per method. */
export function openRpcAsOpenApi(document: OpenRpcDocument, samples: readonly OperationSamples[]): OpenApiDocument {
  const resolve = resolver(document);
  if (document.components?.schemas?.[ERROR_SCHEMA])
    throw new Error(
      `${document.info.title} has a schema named ${ERROR_SCHEMA}, the name the reference gives JSON-RPC errors`,
    );
  const paths: Record<string, { post: OpenAPIV3_1.OperationObject }> = {};
  const tags = new Map<string, TagObject>();
  for (const method of openRpcMethods(document)) {
    const operation = operationFor(
      method,
      resolve,
      samples.find((s) => s.id === method.name),
    );
    // One path per method: the fragment names the method, the request goes to the endpoint.
    paths[`${RPC_ENDPOINT}#${method.name}`] = { post: operation };
    for (const tag of method.tags ?? []) {
      const resolved = resolve<TagObject>(tag);
      if (!tags.has(resolved.name)) tags.set(resolved.name, resolved);
    }
  }
  const scheme = document["x-security"] as OpenAPIV3_1.SecuritySchemeObject | undefined;
  const servers = (document.servers ?? []).map((server) => ({
    url: origin(server.url),
    description: server.summary ?? server.name ?? "",
    ...(server.variables
      ? {
          variables: Object.fromEntries(
            Object.entries(server.variables).map(([name, v]) => [
              name,
              { default: String(v.default), ...(v.description ? { description: v.description } : {}) },
            ]),
          ),
        }
      : {}),
  }));
  const { "x-summary": summary, ...info } = document.info as OpenRpcDocument["info"] & { "x-summary"?: string };
  return {
    openapi: "3.1.0",
    info: {
      ...info,
      ...(summary ? { summary } : {}),
      description: `${markdownText(info.description)}\n\nOpenRPC ${document.openrpc}.`,
    },
    servers,
    tags: [...tags.values()].map((tag) => ({
      name: tag.name,
      description: tag.description ?? `The ${tag.name} service's methods.`,
    })),
    paths,
    components: {
      schemas: { ...(document.components?.schemas as Record<string, Schema>), [ERROR_SCHEMA]: failure() },
      ...(scheme ? { securitySchemes: { apiKey: scheme } } : {}),
    },
    ...(scheme ? { security: [{ apiKey: [] }] } : {}),
  } as OpenApiDocument;
}
