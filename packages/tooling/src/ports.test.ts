import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePorts, pickedRange, portIsFree } from "./ports.mjs";

const RANGE_FILE = "/proc/sys/net/ipv4/ip_local_port_range";

describe("loopback ports for tests", () => {
  it("are picked below the ephemeral range the system names, or IANA's where it names none", () => {
    expect(pickedRange("32768\t60999\n")).toEqual({ from: 20_000, to: 32_767 });
    expect(pickedRange("49152 65535")).toEqual({ from: 36_384, to: 49_151 });
    expect(pickedRange("8000\t9000")).toEqual({ from: 1_024, to: 7_999 });
    for (const nothing of [undefined, "", "garbage", "80 90"])
      expect(pickedRange(nothing)).toEqual(pickedRange("49152"));
  });

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
