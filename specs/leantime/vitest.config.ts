import { testConfig } from "@leanapis/tooling/vitest";

export default testConfig();
