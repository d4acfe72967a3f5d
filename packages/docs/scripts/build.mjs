// Builds the static site into dist/: one Redoc page per OpenAPI contract (with the
// renderer inlined, so pages work offline) and the landing page.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { DOCUMENTED_APIS } from "../src/apis.mjs";
import { renderLanding } from "../src/landing.mjs";

const require = createRequire(import.meta.url);
const redocly = require.resolve("@redocly/cli/bin/cli.js");
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
mkdirSync(dist, { recursive: true });

const apis = DOCUMENTED_APIS.map((api) => {
  const contract = fileURLToPath(import.meta.resolve(api.contract));
  const spec = JSON.parse(readFileSync(contract, "utf8"));
  execFileSync(
    process.execPath,
    [redocly, "build-docs", contract, "--inlineBundle", "--output", `${dist}${api.page}`, "--title", `${spec.info.title} reference`],
    // Redocly's banners go to stderr; show them only when the build fails.
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  );
  return { ...api, spec };
});
writeFileSync(`${dist}index.html`, renderLanding(apis));
console.log(`built ${apis.length + 1} pages into dist/`);
