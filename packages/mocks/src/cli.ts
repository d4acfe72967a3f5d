#!/usr/bin/env node
// leanapis-mocks [api ...]: starts the mocks (all by default) on their fixed loopback
// ports, prints their URLs, and stops them on Ctrl-C.
import { isApiId } from "@leanapis/registry";
import { API_IDS, startMocks } from "./index.js";

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !isApiId(name));
if (unknown.length > 0) {
  console.error(`Unknown API ${unknown.join(", ")}. Choose from: ${API_IDS.join(", ")}.`);
  process.exit(2);
}

try {
  const mocks = await startMocks({ apis: requested.length > 0 ? requested.filter(isApiId) : API_IDS });
  for (const server of mocks.servers) console.log(`${`${server.title} mock`.padEnd(24)} ${server.url}`);
  const shutdown = () => void mocks.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
