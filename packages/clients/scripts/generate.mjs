// Generates the `paths`/`components` types of every OpenAPI client from its bundled
// contract into src/generated/. The output is a build artefact: never edit it.
import { mkdirSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";

const contracts = {
  leankit: "@leanapis/spec-leankit/openapi.json",
};

const outDir = new URL("../src/generated/", import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const [name, specifier] of Object.entries(contracts)) {
  const ast = await openapiTS(new URL(import.meta.resolve(specifier)));
  const header = `// Generated from ${specifier} by scripts/generate.mjs. Do not edit.\n\n`;
  writeFileSync(new URL(`${name}.ts`, outDir), header + astToString(ast));
  console.log(`generated src/generated/${name}.ts`);
}
