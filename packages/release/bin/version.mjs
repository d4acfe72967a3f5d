#!/usr/bin/env node
// leanapis-version: the command lives in src/cli/version.ts. This shim lets plain `node` run it
// (CI and the package scripts call the bin that way), with tsx compiling the TypeScript.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/version.ts");
