#!/usr/bin/env node
// leanapis-docs: the site server is TypeScript, so tsx's loader is registered before it is
// imported; this keeps `node bin/leanapis-docs.mjs` working without a build step.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/cli.js");
