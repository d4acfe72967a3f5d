// The docs browser tests drive Debian's Chromium. When it is missing, the README test
// command installs it with apt-get (as root, or through password-less sudo); otherwise it
// stops with one message saying what to do.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** @param {string} command @param {string[]} args */
const canRun = (command, args) => spawnSync(command, args, { stdio: "ignore" }).status === 0;

/**
 * Returns the Chromium binary to use, installing Debian's package if that is possible.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function ensureChromium(env = process.env) {
  const path = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (existsSync(path)) return path;
  if (env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist.`);
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : canRun("sudo", ["-n", "true"]) ? ["sudo", "-n"] : null;
  if (prefix === null || !canRun("apt-get", ["--version"])) {
    throw new Error(
      "The docs browser tests need Chromium, and it is not installed. Install Debian's package " +
        "(`sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium binary, then run the command again.",
    );
  }
  console.log("Installing Debian's Chromium for the docs browser tests (once) ...");
  const [command = "apt-get", ...lead] = [...prefix, "apt-get"];
  /** @param {string[]} args */
  const apt = (args) =>
    execFileSync(command, [...lead, ...args], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
    });
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", "chromium"]);
  return DEFAULT_CHROMIUM;
}
