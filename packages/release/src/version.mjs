// Semver from the contract changes: a breaking change makes a major release, a compatible
// addition a minor one, anything else a patch; the CHANGELOG entry lists the changes.

export function nextVersion(version, changes) {
  const [major, minor, patch] = version.split(".").map(Number);
  if (changes.some((c) => c.breaking)) return `${major + 1}.0.0`;
  if (changes.length > 0) return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export function changelogEntry(version, changes, date) {
  const line = (c) => `- ${c.api}: ${c.operation}${c.where ? ` ${c.where}` : ""}: ${c.rule} (${c.detail})${c.accepted ? ` — ${c.accepted}` : ""}`;
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
