// Makes the pinned pnpm available using nothing but npm: a matching pnpm on PATH is used
// as is; otherwise that exact version is installed once into <root>/.tools/.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** @param {string} command */
function versionOf(command) {
  try {
    return execFileSync(command, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** Returns the PATH under which `pnpm` resolves to `version`, installing it if needed. */
/**
 * @param {string} root
 * @param {string} version
 * @param {NodeJS.ProcessEnv} [env]
 */
export function ensurePnpm(root, version, env = process.env) {
  if (versionOf("pnpm") === version) return env.PATH;
  const prefix = join(root, ".tools", `pnpm-${version}`);
  const bin = join(prefix, "node_modules", ".bin");
  if (!existsSync(join(bin, "pnpm"))) {
    console.log(`Installing pnpm ${version} into .tools/ (once) ...`);
    execFileSync(
      "npm",
      ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${version}`],
      { stdio: "inherit" },
    );
  }
  return `${bin}${delimiter}${env.PATH}`;
}
