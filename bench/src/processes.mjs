// Servers under load run in their own processes, so that the load generator and the
// server never share a thread; all bind to 127.0.0.1.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node script args`, resolves once it prints a line matching `ready`; `stop()` ends it. */
export function startProcess(script, args, { env = {}, ready }) {
  const child = spawn(process.execPath, [fileURLToPath(script), ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) resolve({ match, stop: () => new Promise((done) => (child.once("exit", done), child.kill("SIGTERM"))) });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before it was ready:\n${output}`)));
  });
}
