// `npm start`'s supervisor, run as its own process over small Node services: whichever way it
// ends (a service stopping, a signal, its own failure), it says why and no service outlives it.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { stopReason } from "./supervise.mjs";

const SUPERVISE = new URL("./supervise.mjs", import.meta.url).href;

/** A service that prints `<name> <pid>` once it runs, then runs until stopped. */
const service = (name: string, setup = "") => ({
  name,
  command: process.execPath,
  args: ["-e", `${setup}; console.log("${name} " + process.pid); setInterval(() => {}, 1000);`],
});
const steady = (name: string) => service(name);
/** Ignores SIGTERM: only SIGKILL stops it. */
const stubborn = (name: string) => service(name, 'process.on("SIGTERM", () => {})');
/** Exits with code 3 on SIGUSR2. */
const quitter = (name: string) => service(name, 'process.on("SIGUSR2", () => process.exit(3))');

interface Run {
  supervisor: ChildProcess;
  pids: Promise<Record<string, number>>;
  exited: Promise<number | null>;
  stderr: () => string;
}

const supervisors = new Set<ChildProcess>();
const pidsSeen = new Set<number>();
afterAll(() => {
  for (const supervisor of supervisors) if (supervisor.exitCode === null) supervisor.kill("SIGKILL");
  for (const pid of pidsSeen) if (isRunning(pid)) process.kill(pid, "SIGKILL");
});

/** Runs a supervisor over `services`; `extra` is more of its script (to inject a fault). */
function supervise(services: { name: string; command: string; args: string[] }[], extra = "", waitFor = services): Run {
  const script = `import { supervise } from ${JSON.stringify(SUPERVISE)};
supervise(${JSON.stringify(services)}, { graceMs: 300 });
${extra}`;
  const supervisor = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  supervisors.add(supervisor);
  let stdout = "";
  let stderr = "";
  supervisor.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => supervisor.once("close", (code) => resolve(code)));
  const pids = new Promise<Record<string, number>>((resolve, reject) => {
    const found: Record<string, number> = {};
    supervisor.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const [, name, pid] of stdout.matchAll(/^(\S+) (\d+)$/gm)) {
        found[name!] = Number(pid);
        pidsSeen.add(Number(pid));
      }
      if (waitFor.every(({ name }) => name in found)) resolve(found);
    });
    void exited.then(() => reject(new Error(`The supervisor exited first:\n${stdout}\n${stderr}`)));
  });
  return { supervisor, pids, exited, stderr: () => stderr };
}

/** Whether `pid` is a live process (a zombie awaiting its reaper counts as gone). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Resolves once `pid` is gone (the test's timeout bounds the wait). */
async function gone(pid: number): Promise<boolean> {
  while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  return true;
}

describe("stopReason", () => {
  it("gives the exit code, or the signal", () => {
    expect(stopReason(3, null)).toBe("exit code 3");
    expect(stopReason(null, "SIGKILL")).toBe("signal SIGKILL");
  });
});

describe("the supervisor", () => {
  it("says which service stopped with which exit code, and stops the rest (even one ignoring SIGTERM)", async () => {
    const run = supervise([quitter("mocks"), steady("docs"), stubborn("stubborn")]);
    const pids = await run.pids;
    process.kill(pids.mocks!, "SIGUSR2");
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain("The mocks process stopped (exit code 3); stopping the rest.");
    expect(run.stderr()).toContain("The stubborn process did not stop within 300 ms of SIGTERM; killing it.");
    for (const pid of Object.values(pids)) expect(isRunning(pid)).toBe(false);
  });

  it("names the signal a service was stopped by", async () => {
    const run = supervise([steady("mocks"), steady("docs")]);
    const pids = await run.pids;
    process.kill(pids.docs!, "SIGKILL");
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain("The docs process stopped (signal SIGKILL); stopping the rest.");
    expect(isRunning(pids.mocks!)).toBe(false);
  });

  it("stops every service on SIGTERM and exits 0", async () => {
    const run = supervise([steady("mocks"), steady("docs")]);
    const pids = await run.pids;
    run.supervisor.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    for (const pid of Object.values(pids)) expect(isRunning(pid)).toBe(false);
  });

  it("says so and stops the rest when a service cannot be started", async () => {
    const missing = { name: "docs", command: "/nonexistent/leanapis-docs", args: [] };
    const run = supervise([steady("mocks"), missing], "", [steady("mocks")]);
    const pids = await run.pids.catch(() => ({}) as Record<string, number>);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(
      /The docs process failed: spawn \/nonexistent\/leanapis-docs ENOENT; stopping the rest\./,
    );
    for (const pid of Object.values(pids)) expect(await gone(pid)).toBe(true);
  });

  it("stops every service when it fails itself", async () => {
    const run = supervise(
      [steady("mocks"), steady("docs")],
      'process.on("SIGUSR2", () => { throw new Error("injected supervisor fault"); });',
    );
    const pids = await run.pids;
    run.supervisor.kill("SIGUSR2");
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(
      "The supervisor failed with an uncaught exception: Error: injected supervisor fault",
    );
    for (const pid of Object.values(pids)) expect(isRunning(pid)).toBe(false);
  });

  it("takes its services with it however it exits", async () => {
    const run = supervise([steady("mocks"), steady("docs")], 'process.on("SIGUSR2", () => process.exit(5));');
    const pids = await run.pids;
    run.supervisor.kill("SIGUSR2");
    expect(await run.exited).toBe(5);
    for (const pid of Object.values(pids)) expect(await gone(pid)).toBe(true);
  });
});
