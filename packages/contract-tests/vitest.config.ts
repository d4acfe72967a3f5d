import { testConfig } from "@leanapis/tooling/vitest";

export default testConfig({
  test: {
    globalSetup: ["./src/global-setup.ts"],
    reporters: ["junit"],
    outputFile: { junit: "reports/junit.xml" },
  },
});
