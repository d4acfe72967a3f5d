// Generates the types of every client from its bundled contract into src/generated/:
// `paths`/`components` for the OpenAPI contracts (openapi-typescript), method maps for the
// OpenRPC one. The output is a build artefact: never edit it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { openRpcTypes } from "./openrpc-types.mjs";
import { reportingExports } from "./reporting-exports.mjs";

const require = createRequire(import.meta.url);
const contracts = {
  leankit: { kind: "openapi", specifier: "@leanapis/spec-leankit/openapi.json" },
  reporting: { kind: "openapi", specifier: "@leanapis/spec-reporting/openapi.json" },
  leanmote: { kind: "openapi", specifier: "@leanapis/spec-leanmote/openapi.json" },
  leantime: { kind: "openrpc", specifier: "@leanapis/spec-leantime/openrpc.json", typeName: "Leantime", prefix: "leantime.rpc." },
};

const outDir = new URL("../src/generated/", import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const [name, { kind, specifier, typeName, prefix }] of Object.entries(contracts)) {
  const file = require.resolve(specifier);
  const source =
    kind === "openapi"
      ? astToString(await openapiTS(pathToFileURL(file)))
      : await openRpcTypes(JSON.parse(readFileSync(file, "utf8")), typeName, prefix);
  const header = `// Generated from ${specifier} by scripts/generate.mjs. Do not edit.\n\n`;
  writeFileSync(new URL(`${name}.ts`, outDir), header + source);
  console.log(`generated src/generated/${name}.ts`);
  if (name === "reporting") {
    writeFileSync(new URL("reporting-exports.ts", outDir), header + reportingExports(JSON.parse(readFileSync(file, "utf8"))));
    console.log("generated src/generated/reporting-exports.ts");
  }
}
