// The docs build's copy of an OpenAPI contract, as the reference page renders it: each
// operation with its code samples (`x-codeSamples`), and servers that share a URL merged
// into one (Leanmote's Metrics, SCIM and OTEL surfaces are all `https://{host}`), so the
// server menu lists each URL once. The contract in specs/ is left as it is.
import { type OpenAPIV3_1, type OpenApiDocument, openApiOperations } from "@leanapis/contract-helpers";
import { codeSamples, type OperationSamples } from "./samples.js";

type Server = OpenAPIV3_1.ServerObject;

/** One server per URL; the descriptions of those merged are joined. */
export function mergeServers(servers: readonly Server[]): Server[] {
  const byUrl = new Map<string, Server>();
  for (const server of servers) {
    const seen = byUrl.get(server.url);
    if (!seen) byUrl.set(server.url, { ...server });
    else if (server.description) {
      seen.description = seen.description ? `${seen.description}\n\n${server.description}` : server.description;
    }
  }
  return [...byUrl.values()];
}

export function referenceDocument(document: OpenApiDocument, samples: readonly OperationSamples[]): OpenApiDocument {
  const copy = structuredClone(document);
  if (copy.servers) copy.servers = mergeServers(copy.servers);
  const operations = openApiOperations(copy);
  if (operations.length !== samples.length) {
    throw new Error(`${document.info.title}: ${samples.length} code samples for ${operations.length} operations`);
  }
  operations.forEach(({ operation }, index) => {
    Object.assign(operation, { "x-codeSamples": codeSamples(samples[index]!) });
  });
  return copy;
}
