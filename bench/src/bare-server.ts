// The baseline: a bare Node http server on 127.0.0.1 answering every request with one
// fixed body (argv: the body file, its content type). Prints its port when listening.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const [file, contentType] = process.argv.slice(2);
if (file === undefined || contentType === undefined) throw new Error("Usage: bare-server <body file> <content type>");
const body = readFileSync(file);
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": contentType, "content-length": body.length }).end(body));
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
