#!/usr/bin/env node
// leanapis-mocks [--api leankit,leantime] [--engine leanapis|prism] [api ...]: starts the mocks
// (all by default) on their fixed loopback ports, prints their URLs, and stops them on Ctrl-C.
import { parseArgs } from "node:util";
import { isApiId } from "@leanapis/registry";
import { API_IDS, ENGINES, type EngineName, startMocks } from "./index.js";

const USAGE = `Usage: leanapis-mocks [--api ${API_IDS.join(",")}] [--engine ${ENGINES.join("|")}] [api ...]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<
  typeof parseArgs<{
    options: { api: { type: "string"; multiple: true }; engine: { type: "string" } };
    allowPositionals: true;
  }>
>;
try {
  parsed = parseArgs({
    options: { api: { type: "string", multiple: true }, engine: { type: "string" } },
    allowPositionals: true,
  });
} catch (error) {
  fail((error as Error).message);
}
const requested = [...(parsed.values.api ?? []).flatMap((list) => list.split(",")), ...parsed.positionals].filter(
  Boolean,
);
const unknown = requested.filter((name) => !isApiId(name));
if (unknown.length > 0) fail(`Unknown API ${unknown.join(", ")}. Choose from: ${API_IDS.join(", ")}.`);
const engine = parsed.values.engine ?? "leanapis";
if (!ENGINES.includes(engine as EngineName)) fail(`Unknown engine ${engine}. Choose from: ${ENGINES.join(", ")}.`);

try {
  const mocks = await startMocks({
    apis: requested.length > 0 ? requested.filter(isApiId) : API_IDS,
    engine: engine as EngineName,
  });
  for (const server of mocks.servers) console.log(`${`${server.title} mock`.padEnd(24)} ${server.url}`);
  const shutdown = () => void mocks.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
