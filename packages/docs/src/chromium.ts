import { existsSync } from "node:fs";

/** Debian's Chromium (or CHROMIUM_PATH); the README test command installs it when missing. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}
