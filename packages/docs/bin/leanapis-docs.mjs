#!/usr/bin/env node
// leanapis-docs: serves the built docs site on 127.0.0.1 (DOCS_PORT, default 8080) until Ctrl-C.
import { DEFAULT_PORT, startDocsServer } from "../src/serve.mjs";

const port = process.env.DOCS_PORT ? Number(process.env.DOCS_PORT) : DEFAULT_PORT;
try {
  const site = await startDocsServer({ port });
  console.log(`${"Docs site".padEnd(24)} ${site.url}`);
  const shutdown = () => void site.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
