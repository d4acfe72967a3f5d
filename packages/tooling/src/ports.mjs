// Loopback ports for servers a test starts in another process (a CLI told `--port`). They are
// picked below the ports the system hands out for bind(0) and outgoing connections (on Linux
// as /proc/sys/net/ipv4/ip_local_port_range says, 32768 and up by default; 49152 and up
// elsewhere): a port from there can be taken, between the check and the server's own bind,
// by a connection of a test running beside this one.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const HOST = "127.0.0.1";
const SPAN = 12_768;

const RANGE_FILE = "/proc/sys/net/ipv4/ip_local_port_range";

/**
 * The ports to pick from, below the ephemeral range that `rangeFile` (the text of Linux's
 * ip_local_port_range, undefined where there is none) starts; IANA's 49152 when it says
 * nothing usable.
 * @param {string | undefined} rangeFile
 * @returns {{ from: number, to: number }}
 */
export function pickedRange(rangeFile) {
  const first = Number(rangeFile?.trim().split(/\s+/)[0]);
  const start = Number.isInteger(first) && first > 1024 ? first : 49_152;
  return { from: Math.max(1_024, start - SPAN), to: start - 1 };
}

function readRangeFile() {
  try {
    return readFileSync(RANGE_FILE, "utf8");
  } catch {
    return undefined; // not Linux
  }
}

const PICKED = pickedRange(readRangeFile());

/**
 * Whether `port` can be bound on loopback now.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/**
 * A loopback port free right now, outside the system's ephemeral range and not in `taken`.
 * @param {readonly number[]} [taken]
 * @returns {Promise<number>}
 */
export async function freePort(taken = []) {
  for (let tries = 0; tries < 100; tries++) {
    const port = PICKED.from + Math.floor(Math.random() * (PICKED.to - PICKED.from + 1));
    if (!taken.includes(port) && (await portIsFree(port))) return port;
  }
  throw new Error(`no free port between ${PICKED.from} and ${PICKED.to} after 100 tries`);
}

/**
 * `count` distinct free ports (see `freePort`).
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function freePorts(count) {
  /** @type {number[]} */
  const ports = [];
  while (ports.length < count) ports.push(await freePort(ports));
  return ports;
}
