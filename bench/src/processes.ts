// Servers under load run in their own processes, so that the load generator and the
// server never share a thread; all bind to 127.0.0.1.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface Started {
  /** The match of `ready` in the process's output. */
  match: RegExpExecArray;
  stop: () => Promise<void>;
}

// A TypeScript script needs tsx's loader; it is resolved here, so the child finds it from any directory.
const nodeArgs = (file: string) => (file.endsWith(".ts") ? ["--import", import.meta.resolve("tsx"), file] : [file]);

/** Starts `node script args`, resolves once it prints a line matching `ready`; `stop()` ends it. */
export function startProcess(
  script: URL,
  args: readonly string[],
  { env = {}, ready }: { env?: Record<string, string>; ready: RegExp },
): Promise<Started> {
  const child = spawn(process.execPath, [...nodeArgs(fileURLToPath(script)), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const stop = () =>
      new Promise<void>((done) => {
        child.once("exit", () => done());
        child.kill("SIGTERM");
      });
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ match, stop });
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before it was ready:\n${output}`)));
  });
}
