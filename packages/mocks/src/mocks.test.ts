import { execFile, spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_IDS, type MockServer, PortInUseError, startMock, startMocks } from "./index.js";

const run = promisify(execFile);

describe("startMock", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock("leankit", 0);
  });
  afterAll(() => mock.stop());

  it("serves the contract's examples once it resolves", async () => {
    const response = await fetch(`${mock.url}/io/board`, { headers: { Authorization: "Bearer any" } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { boards: { id: string }[] };
    expect(body.boards[0]?.id).toBe("943188457");
  });

  it("answers a request without credentials with the contract's 401 body", async () => {
    const response = await fetch(`${mock.url}/io/user/me`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, error: "Unauthorized" });
  });
});

describe("ports", () => {
  let blocker: Server;
  let blockedPort: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    blockedPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it("refuses a port already in use with a message naming the port and the variable to change", async () => {
    const error = await startMock("leankit", blockedPort).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toContain(`Port ${blockedPort} on 127.0.0.1 (LeanKit mock) is already in use`);
    expect((error as Error).message).toContain("LEANKIT_MOCK_PORT=<port>");
  });

  it("prints that message from the CLI and exits 1", async () => {
    const result = await run(process.execPath, ["dist/cli.js", "leankit"], {
      env: { ...process.env, LEANKIT_MOCK_PORT: String(blockedPort) },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(result).toMatchObject({ code: 1 });
    expect((result as { stderr: string }).stderr).toContain(
      `Port ${blockedPort} on 127.0.0.1 (LeanKit mock) is already in use`,
    );
  });

  it("rejects a --burst that is neither a number nor off", async () => {
    const result = await run(process.execPath, ["dist/cli.js", "--api", "leanmote", "--burst", "lots"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toContain("--burst takes a number of requests a minute or off");
  });

  it("rejects an unknown API name in the CLI", async () => {
    const result = await run(process.execPath, ["dist/cli.js", "jira"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toContain("Unknown API jira");
  });
});

describe("startMocks", () => {
  it("starts every mock, each answering, and stop frees every port", async () => {
    const { servers, stop } = await startMocks({ ports: Object.fromEntries(API_IDS.map((api) => [api, 0])) });
    expect(servers.map((s) => s.api).sort()).toEqual([...API_IDS].sort());
    for (const server of servers) expect((await fetch(server.url)).status).toBeGreaterThanOrEqual(400);
    await stop();
    for (const server of servers) await expect(fetch(server.url)).rejects.toThrow();
  });
});

describe("the CLI's --burst", () => {
  /** Starts the Leanmote mock through the CLI with `burst`, sends `count` requests with one credential, and returns their statuses. */
  async function statuses(burst: string, count: number): Promise<number[]> {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const child = spawn(process.execPath, ["dist/cli.js", "--api", "leanmote", "--burst", burst], {
      env: { ...process.env, LEANMOTE_MOCK_PORT: String(port) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes(`:${port}`) && resolve());
        child.once("exit", (code) => reject(new Error(`the CLI exited (${code}) before it listened`)));
      });
      const found: number[] = [];
      for (let i = 0; i < count; i++) {
        const response = await fetch(`http://127.0.0.1:${port}/v1/teams`, { headers: { authorization: "Bearer b" } });
        await response.arrayBuffer();
        found.push(response.status);
      }
      return found;
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }

  it("sets Leanmote's burst limit in requests a minute", async () => {
    expect(await statuses("2", 3)).toEqual([200, 200, 429]);
  });

  it("turns it off", async () => {
    // One more than the default limit of 100 a minute.
    expect(new Set(await statuses("off", 101))).toEqual(new Set([200]));
  });
});
