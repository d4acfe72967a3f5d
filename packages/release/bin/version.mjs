#!/usr/bin/env node
// leanapis-version [--base <rev>]: versions the clients package from the contract changes
// since <rev> (default: the merge base with main) and adds the CHANGELOG entry.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compareTrees } from "../src/breaking.mjs";
import { specsAt } from "../src/contracts.mjs";
import { changelogEntry, nextVersion } from "../src/version.mjs";

const { values } = parseArgs({ options: { base: { type: "string" } } });
const root = fileURLToPath(new URL("../../../", import.meta.url));
const base = values.base ?? execFileSync("git", ["merge-base", "HEAD", "main"], { cwd: root, encoding: "utf8" }).trim();
const changes = compareTrees(specsAt(root, base), root, root);
const manifestFile = new URL("../../clients/package.json", import.meta.url);
const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
const version = nextVersion(manifest.version, changes);
writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
const changelog = new URL("../../clients/CHANGELOG.md", import.meta.url);
const previous = existsSync(changelog) ? readFileSync(changelog, "utf8").replace(/^# Changelog\n\n/, "") : "";
writeFileSync(changelog, `# Changelog\n\n${changelogEntry(version, changes, new Date().toISOString().slice(0, 10))}\n${previous}`);
console.log(`@leanapis/clients ${manifest.version} → ${version} (${changes.filter((c) => c.breaking).length} breaking, ${changes.filter((c) => !c.breaking).length} compatible changes)`);
