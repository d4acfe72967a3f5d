// Semver from the contract changes: a breaking change makes a major release, a compatible
// addition a minor one, anything else a patch; the CHANGELOG entry lists the changes.
import type { RecordedChange } from "./breaking.js";

/** What the changelog shows of a change. */
export type ChangelogChange = Omit<RecordedChange, "id">;

export function nextVersion(version: string, changes: readonly Pick<ChangelogChange, "breaking">[]): string {
  // A semver version: major.minor.patch.
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  if (changes.some((c) => c.breaking)) return `${major + 1}.0.0`;
  if (changes.length > 0) return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export function changelogEntry(version: string, changes: readonly ChangelogChange[], date: string): string {
  const line = (c: ChangelogChange) => {
    const reason = c.accepted ? ` — ${c.accepted}` : "";
    return `- ${c.api}: ${c.operation}${c.where ? ` ${c.where}` : ""}: ${c.rule} (${c.detail})${reason}`;
  };
  const breaking = changes.filter((c) => c.breaking);
  const compatible = changes.filter((c) => !c.breaking);
  return [
    `## ${version} (${date})`,
    "",
    ...(breaking.length ? ["### Breaking", "", ...breaking.map(line), ""] : []),
    ...(compatible.length ? ["### Compatible", "", ...compatible.map(line), ""] : []),
    ...(changes.length ? [] : ["No contract changes.", ""]),
  ].join("\n");
}
