import { testConfig } from "@leanapis/tooling/vitest";

// Two projects: every suite against our mock engine, and the every-operation suite again
// against Prism, the second engine, so that the two cannot drift apart unnoticed. The
// Prism project does not extend the shared settings: their `include` lists would be
// appended to its one file.
export default testConfig({
  test: {
    reporters: ["junit"],
    outputFile: { junit: "reports/junit.xml" },
    projects: [
      { extends: true, test: { name: "leanapis", globalSetup: ["./src/global-setup.ts"] } },
      {
        test: {
          name: "prism",
          include: ["src/every-operation.test.ts"],
          globalSetup: ["./src/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
