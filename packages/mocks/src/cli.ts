#!/usr/bin/env node
// leanapis-mocks [--api leankit,leantime] [--engine leanapis|prism] [--stateful] [--burst N|off] [api ...]:
// starts the mocks (all by default) on their fixed loopback ports, prints their URLs, and stops
// them on Ctrl-C. With --stateful, writes persist in memory until `POST /__mock/reset` or the end.
// --burst sets Leanmote's burst limit (requests a minute per credential; default 100) or turns it off.
// If the process meets an uncaught exception or an unhandled rejection, or a mock stops on its
// own (a Prism child that exits), it says which mock (when known) and why, stops every mock it
// started (Prism children included) and exits 1, so that no port stays bound behind it.
import { AsyncLocalStorage } from "node:async_hooks";
import { parseArgs } from "node:util";
import { type ApiId, apiById, isApiId } from "@leanapis/registry";
import { API_IDS, type BurstLimit, ENGINES, type EngineName, type MockServer, startMock } from "./index.js";

const USAGE = `Usage: leanapis-mocks [--api ${API_IDS.join(",")}] [--engine ${ENGINES.join("|")}] [--stateful] [--burst <requests a minute>|off] [api ...]`;
/** How long stopping may take (a Prism child still starting is waited for) before the process exits anyway. */
const STOP_DEADLINE_MS = 45_000;

/** Which mock the code running now belongs to: everything a mock starts runs in its context. */
const currentMock = new AsyncLocalStorage<ApiId>();
/** The mocks that are up, and the start still under way (its mocks are stopped once it settles). */
const started: MockServer[] = [];
let starting: Promise<unknown> = Promise.resolve();
let stopping = false;
/** The exit code: 1 once anything failed, even while stopping for a signal. */
let exitCode = 0;

const explain = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Stops every mock started (waiting for those still starting) and exits with `code` (or 1, if anything failed). */
function stopAndExit(code: number): void {
  exitCode = Math.max(exitCode, code);
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    console.error(`The mocks did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway.`);
    process.exit(1);
  }, STOP_DEADLINE_MS);
  void starting
    .catch(() => undefined)
    .then(() => Promise.allSettled(started.map((server) => server.stop())))
    .then((results) => {
      for (const result of results) {
        if (result.status !== "rejected") continue;
        console.error(`A mock did not stop cleanly: ${explain(result.reason)}`);
        exitCode = 1;
      }
      process.exit(exitCode);
    });
}

/** An uncaught exception or unhandled rejection: name the mock and the cause, stop everything, exit 1. */
function crash(kind: string, error: unknown): void {
  const api = currentMock.getStore();
  const who = api ? `The ${apiById(api).title} mock` : "The mocks process";
  console.error(`${who} failed with an ${kind}: ${explain(error)}`);
  if (!stopping) console.error("Stopping every mock.");
  stopAndExit(1);
}
/** A mock that stopped on its own: name it and the reason, stop the others, exit 1. */
function stoppedOnItsOwn(server: MockServer, error: Error): void {
  // Stopping already (a signal reaches Prism's process too): its exit is expected.
  if (stopping) return;
  console.error(`The ${server.title} mock stopped: ${error.message}`);
  console.error("Stopping every mock.");
  stopAndExit(1);
}
process.on("uncaughtException", (error) => crash("uncaught exception", error));
process.on("unhandledRejection", (reason) => crash("unhandled rejection", reason));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stopAndExit(0));

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<
  typeof parseArgs<{
    options: {
      api: { type: "string"; multiple: true };
      engine: { type: "string" };
      stateful: { type: "boolean" };
      burst: { type: "string" };
    };
    allowPositionals: true;
  }>
>;
try {
  parsed = parseArgs({
    options: {
      api: { type: "string", multiple: true },
      engine: { type: "string" },
      stateful: { type: "boolean" },
      burst: { type: "string" },
    },
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
const stateful = parsed.values.stateful ?? false;
if (stateful && engine === "prism") fail("--stateful runs on the leanapis engine only.");
const apis = requested.length > 0 ? requested.filter(isApiId) : API_IDS;
const burstOption = parsed.values.burst;
let burst: BurstLimit | false | undefined;
if (burstOption === "off") burst = false;
else if (burstOption !== undefined) {
  if (!/^[1-9]\d*$/.test(burstOption)) fail(`--burst takes a number of requests a minute or off, not ${burstOption}.`);
  burst = { requests: Number(burstOption), perMs: 60_000 };
}

// Each mock starts in its own context, so that a fault of its server names it.
const startup = Promise.allSettled(
  apis.map((api) =>
    currentMock.run(api, async () => {
      const server = await startMock(api, undefined, { engine: engine as EngineName, stateful, burst });
      started.push(server);
      void server.failed.then((error) => stoppedOnItsOwn(server, error));
      return server;
    }),
  ),
);
starting = startup;
const results = await startup;
const failure = results.find((result) => result.status === "rejected");
if (failure) {
  console.error(failure.reason instanceof Error ? failure.reason.message : failure.reason);
  stopAndExit(1);
} else if (!stopping) {
  for (const result of results) {
    if (result.status === "fulfilled") console.log(`${`${result.value.title} mock`.padEnd(24)} ${result.value.url}`);
  }
  if (stateful) console.log("Stateful: writes persist until POST /__mock/reset on a mock (or the end).");
}
