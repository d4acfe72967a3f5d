// Checks the running Node.js against the `engines.node` range of the root package.json.
// Plain JavaScript with no dependencies: it runs before anything is installed.

/**
 * Parses ">=20.19" (the only form the root package.json uses) into [major, minor, patch].
 * @param {string} range
 * @returns {number[]}
 */
export function parseMinimum(range) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!match) throw new Error(`Unsupported engines.node range "${range}": expected ">=MAJOR.MINOR".`);
  return match.slice(1).map((part) => Number(part ?? 0));
}

/**
 * Returns null when `version` (e.g. "v20.20.2") satisfies `range`, or the message to show.
 * @param {string} version
 * @param {string} range
 * @returns {string | null}
 */
export function nodeVersionProblem(version, range) {
  const actual = version.replace(/^v/, "").split(".").map(Number);
  const minimum = parseMinimum(range);
  for (let i = 0; i < 3; i++) {
    const [have = 0, need = 0] = [actual[i], minimum[i]];
    if (have > need) return null;
    if (have < need) {
      return (
        `leanapis needs Node.js ${range}, but this is Node.js ${version}. ` +
        `Install Node.js 20.19 or newer (https://nodejs.org, or \`nvm install 20\`) and run the command again.`
      );
    }
  }
  return null;
}
