import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePorts, portIsFree } from "./ports.mjs";

const RANGE_FILE = "/proc/sys/net/ipv4/ip_local_port_range";

describe("loopback ports for tests", () => {
  it("are distinct, bindable, and below the ports the system hands out itself", async () => {
    const ports = await freePorts(8);
    expect(new Set(ports).size).toBe(8);
    const ephemeralStart = existsSync(RANGE_FILE) ? Number(readFileSync(RANGE_FILE, "utf8").split(/\s+/)[0]) : 49_152;
    for (const port of ports) {
      expect(port).toBeGreaterThan(1024);
      expect(port).toBeLessThan(ephemeralStart);
      expect(await portIsFree(port)).toBe(true);
    }
  });

  it("says a port someone listens on is not free", async () => {
    const [port] = await freePorts(1);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      expect(await portIsFree(port as number)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
