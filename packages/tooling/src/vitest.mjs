// The test settings every package shares: where tests live (`*.test.ts` beside the code
// under src/), generous timeouts (a loaded 2-core machine must not fail a test on time),
// and the summary reporter whose counts the README test command adds up. Plain JavaScript
// (type-checked) because vitest loads its configuration's dependencies with Node itself.
import { defineConfig, mergeConfig } from "vitest/config";

const shared = defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", "@leanapis/tooling/summary-reporter"],
  },
});

/**
 * A package's vitest configuration: the shared settings plus its own (lists are appended).
 * @param {import("vitest/config").ViteUserConfig} [own]
 * @returns {import("vitest/config").ViteUserConfig}
 */
export function testConfig(own = {}) {
  return mergeConfig(shared, own);
}
