#!/usr/bin/env node
// leanapis-artifacts: the command lives in src/cli/artifacts.ts. This shim lets plain `node` run it
// (CI and the package scripts call the bin that way), with tsx compiling the TypeScript.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/artifacts.ts");
