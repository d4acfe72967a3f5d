import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { HOST } from "./ports.js";

const require = createRequire(import.meta.url);
// Generous: on a loaded machine, starting Prism on a large contract takes many seconds.
const READY_TIMEOUT_MS = 120_000;

/** Prism is an optional peer: the version we pin is the one package.json asks for. */
const PRISM_PACKAGE = "@stoplight/prism-cli";
const PRISM_VERSION: string = require("../package.json").peerDependencies[PRISM_PACKAGE];
const PRISM_MISSING = `--engine prism needs ${PRISM_PACKAGE}: npm install ${PRISM_PACKAGE}@${PRISM_VERSION}`;

let prismBin: string | undefined;

/** Prism's CLI script, resolved the first time the prism engine is asked for. */
function resolvePrism(): string {
  if (prismBin === undefined) {
    try {
      prismBin = require.resolve(`${PRISM_PACKAGE}/dist/index.js`);
    } catch (error) {
      throw new Error(PRISM_MISSING, { cause: error });
    }
  }
  return prismBin;
}

export interface RunningProcess {
  url: string;
  stop: () => Promise<void>;
}

export interface PrismProcess extends RunningProcess {
  /** Resolves with the reason if Prism exits on its own after it answered (never once `stop` is called). */
  failed: Promise<Error>;
}

/** Resolves once `url` answers HTTP at all (any status), or rejects if the process dies first. */
async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Prism exited with code ${child.exitCode} before it answered:\n${output()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Prism did not answer on ${url} within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts `prism mock` for a contract on 127.0.0.1:`port` and waits until it answers. */
export async function startPrism(contract: string, port: number): Promise<PrismProcess> {
  const bin = resolvePrism();
  const child = spawn(
    process.execPath,
    [bin, "mock", contract, "--host", HOST, "--port", String(port), "--errors", "false", "-v", "warn"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DO_NOT_TRACK: "1", SCARF_ANALYTICS: "false" } },
  );
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let stopping = false;
  const failed = new Promise<Error>((resolve) => {
    child.once("exit", (code, signal) => {
      if (stopping) return;
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve(new Error(`Prism (pid ${child.pid}) exited on its own (${why})${log ? `:\n${log}` : ""}`));
    });
  });
  const url = `http://${HOST}:${port}`;
  try {
    await waitUntilAnswering(url, child, () => log);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return {
    url,
    failed,
    stop: () => {
      stopping = true;
      return stopProcess(child);
    },
  };
}
