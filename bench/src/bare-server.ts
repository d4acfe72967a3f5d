// The baseline: a bare Node http server on 127.0.0.1 answering every request with one
// fixed body (argv: the body file, its content type, and the path at which it says instead
// how many requests it has answered, so that a benchmark can check its calls were all sent).
// Prints its port when listening.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const [file, contentType, countPath] = process.argv.slice(2);
if (file === undefined || contentType === undefined || countPath === undefined)
  throw new Error("Usage: bare-server <body file> <content type> <count path>");
const body = readFileSync(file);
let answered = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.url === countPath) return res.writeHead(200, { "content-type": "text/plain" }).end(String(answered));
    answered++;
    res.writeHead(200, { "content-type": contentType, "content-length": body.length }).end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
