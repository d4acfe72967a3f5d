// leanapis-artifacts [--out <dir>]: builds every contract's artefacts and contracts.json
// (default dist/artifacts/ of this package) from the tree this package lives in.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildArtifacts } from "../artifacts.js";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const root = fileURLToPath(new URL("../../../../", import.meta.url));
const out = values.out ?? fileURLToPath(new URL("../../dist/artifacts/", import.meta.url));
for (const { api, version, operations, artifacts } of buildArtifacts(root, out)) {
  console.log(`${api} v${version}: ${operations} operations, ${Object.keys(artifacts).join(", ")}`);
}
console.log(`manifest: ${out}contracts.json`);
