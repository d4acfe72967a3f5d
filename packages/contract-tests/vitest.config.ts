import { testConfig } from "@leanapis/tooling/vitest";

// Two projects: every suite against our mock engine, and the every-operation suite again
// against Prism, the second engine, so that the two cannot drift apart unnoticed.
export default testConfig({
  test: {
    reporters: ["junit"],
    outputFile: { junit: "reports/junit.xml" },
    projects: [
      { extends: true, test: { name: "leanapis", globalSetup: ["./src/global-setup.ts"] } },
      {
        extends: true,
        test: { name: "prism", include: ["src/every-operation.test.ts"], globalSetup: ["./src/global-setup.ts"] },
      },
    ],
  },
});
