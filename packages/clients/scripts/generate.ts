// Generates the types of every client from its bundled contract into src/generated/:
// `paths`/`components` for the OpenAPI contracts (openapi-typescript), method maps for the
// OpenRPC ones, and the row tables of a contract that has CSV/TAB/JSON exports. The output
// is a build artefact: never edit it.
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { isOpenRpc } from "@leanapis/contract-helpers";
import { APIS, contractFile, loadContract } from "@leanapis/registry";
import openapiTS, { astToString } from "openapi-typescript";
import { exportRows } from "./export-rows.js";
import { openRpcTypes } from "./openrpc-types.js";

const outDir = new URL("../src/generated/", import.meta.url);
mkdirSync(outDir, { recursive: true });

function write(name: string, source: string, from: string): void {
  writeFileSync(
    new URL(`${name}.ts`, outDir),
    `// Generated from ${from} by scripts/generate.ts. Do not edit.\n\n${source}`,
  );
  console.log(`generated src/generated/${name}.ts`);
}

for (const api of APIS) {
  const document = loadContract(api.id);
  const from = `${api.contract.package}/${api.contract.bundles.json}`;
  if (isOpenRpc(document)) {
    write(api.id, await openRpcTypes(document, api.title.replace(/[^A-Za-z0-9]/g, "")), from);
    continue;
  }
  write(api.id, astToString(await openapiTS(pathToFileURL(contractFile(api.id)))), from);
  const rows = exportRows(document, api.id);
  if (rows) write(`${api.id}-exports`, rows, from);
}
