// `npm start`'s services, kept together. Each runs as a child process; when one stops (or
// cannot be started) the supervisor says which and why (its exit code or signal) and stops
// the others; SIGINT, SIGTERM and SIGHUP stop them all; and whatever happens to the
// supervisor itself (an uncaught exception, an unhandled rejection, process.exit), no child
// outlives it.
import { spawn } from "node:child_process";

/**
 * @typedef {object} Service
 * @property {string} name what the messages call it
 * @property {string} command
 * @property {string[]} args
 * @property {import("node:child_process").SpawnOptions} [options] stdio defaults to "inherit"
 */

/**
 * Why a child stopped, as the messages say it.
 * @param {number | null} code
 * @param {NodeJS.Signals | null} signal
 */
export function stopReason(code, signal) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/**
 * Starts every service and keeps them together until one stops or the supervisor is told to
 * stop; then it stops the rest (SIGTERM, then SIGKILL after `graceMs`) and exits: 0 when
 * told to stop, 1 when a service stopped on its own or the supervisor failed.
 * @param {Service[]} services
 * @param {{ graceMs?: number, log?: (line: string) => void }} [settings]
 */
export function supervise(services, { graceMs = 10_000, log = (line) => console.error(line) } = {}) {
  const running = services.map(({ name, command, args, options }) => ({
    name,
    child: spawn(command, args, { stdio: "inherit", ...options }),
  }));
  /** @param {import("node:child_process").ChildProcess} child */
  const alive = (child) => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  let stopping = false;

  /** @param {number} code */
  function stopAll(code) {
    if (stopping) return;
    stopping = true;
    const exits = running.map(({ child }) =>
      alive(child) ? new Promise((done) => child.once("exit", done)) : Promise.resolve(),
    );
    for (const { child } of running) if (alive(child)) child.kill("SIGTERM");
    const force = setTimeout(() => {
      for (const { name, child } of running) {
        if (!alive(child)) continue;
        log(`The ${name} process did not stop within ${graceMs} ms of SIGTERM; killing it.`);
        child.kill("SIGKILL");
      }
    }, graceMs);
    void Promise.all(exits).then(() => {
      clearTimeout(force);
      process.exit(code);
    });
  }

  for (const { name, child } of running) {
    child.on("error", (error) => {
      if (stopping) return;
      log(`The ${name} process failed: ${error.message}; stopping the rest.`);
      stopAll(1);
    });
    child.once("exit", (code, signal) => {
      if (stopping) return;
      log(`The ${name} process stopped (${stopReason(code, signal)}); stopping the rest.`);
      stopAll(1);
    });
  }

  /** @param {string} kind */
  const failed = (kind) => (/** @type {unknown} */ error) => {
    const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`The supervisor failed with an ${kind}: ${why}`);
    if (!stopping) log("Stopping every service.");
    stopAll(1);
  };
  process.on("uncaughtException", failed("uncaught exception"));
  process.on("unhandledRejection", failed("unhandled rejection"));
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) process.on(signal, () => stopAll(0));
  // The last resort: however the supervisor ends, its children are told to stop with it.
  process.on("exit", () => {
    for (const { child } of running) if (alive(child)) child.kill("SIGTERM");
  });
}
