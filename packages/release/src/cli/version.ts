// leanapis-version [--base <rev>]: versions the clients package from the contract changes
// since <rev> (default: the merge base with main) and adds the CHANGELOG entry.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compareTrees } from "../breaking.js";
import { specsAt } from "../contracts.js";
import { changelogEntry, nextVersion } from "../version.js";

const { values } = parseArgs({ options: { base: { type: "string" } } });
const root = fileURLToPath(new URL("../../../../", import.meta.url));
const base = values.base ?? execFileSync("git", ["merge-base", "HEAD", "main"], { cwd: root, encoding: "utf8" }).trim();
const changes = compareTrees(specsAt(root, base), root, root);
const manifestFile = new URL("../../../clients/package.json", import.meta.url);
const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { version: string };
const version = nextVersion(manifest.version, changes);
writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
const changelog = new URL("../../../clients/CHANGELOG.md", import.meta.url);
const previous = existsSync(changelog) ? readFileSync(changelog, "utf8").replace(/^# Changelog\n\n/, "") : "";
const entry = changelogEntry(version, changes, new Date().toISOString().slice(0, 10));
writeFileSync(changelog, `# Changelog\n\n${entry}\n${previous}`);
const breaking = changes.filter((c) => c.breaking).length;
const counts = `${breaking} breaking, ${changes.length - breaking} compatible changes`;
console.log(`@leanapis/clients ${manifest.version} → ${version} (${counts})`);
