#!/usr/bin/env node
// leanapis-check: the command lives in src/check/cli.ts. This shim lets plain `node` (and
// `npx leanapis-check`) run it, with tsx compiling the TypeScript.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../src/check/cli.ts");
process.exitCode = await run(process.argv.slice(2));
