// leanapis-docs: serves the built docs site on 127.0.0.1 (its port variable, else the fixed
// port) until Ctrl-C.
import { docsPort } from "@leanapis/registry";
import { startDocsServer } from "./serve.js";

try {
  const site = await startDocsServer({ port: docsPort() });
  console.log(`${"Docs site".padEnd(24)} ${site.url}`);
  const shutdown = () => void site.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
