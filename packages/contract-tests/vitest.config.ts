import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["./src/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", "junit", "@leanapis/tooling/summary-reporter"],
    outputFile: { junit: "reports/junit.xml" },
  },
});
