// The baseline: a bare Node http server on 127.0.0.1 answering every request with one
// fixed body (argv: the body file, its content type, the path at which it says instead
// how many requests it has answered, so that a benchmark can check its calls were all sent,
// and "json-rpc" for a JSON-RPC body: its `id` is then the request's, as a JSON-RPC server
// must answer). Prints its port when listening.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const [file, contentType, countPath, mode] = process.argv.slice(2);
if (file === undefined || contentType === undefined || countPath === undefined)
  throw new Error("Usage: bare-server <body file> <content type> <count path> [json-rpc]");
const body = readFileSync(file);
const jsonRpc = mode === "json-rpc";
// The fixed body without its id and closing brace: each answer appends the request's id.
const withoutId = jsonRpc ? JSON.stringify({ ...JSON.parse(String(body)), id: undefined }).slice(0, -1) : "";

/** The id of a JSON-RPC request (its bytes), null if it has none or is not JSON. */
function idOf(request: string): unknown {
  try {
    return (JSON.parse(request) as { id?: unknown })?.id ?? null;
  } catch {
    return null;
  }
}

let answered = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  if (jsonRpc) req.on("data", (chunk: Buffer) => chunks.push(chunk));
  else req.resume();
  req.on("end", () => {
    if (req.url === countPath) return res.writeHead(200, { "content-type": "text/plain" }).end(String(answered));
    answered++;
    const answer = jsonRpc ? `${withoutId},"id":${JSON.stringify(idOf(Buffer.concat(chunks).toString()))}}` : body;
    res.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(answer) }).end(answer);
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
