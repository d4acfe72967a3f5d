import { testConfig } from "@leanapis/tooling/vitest";

// The packed-clients install and the type gate run npm and tsc: on a loaded machine they
// need more than the shared 30 s.
export default testConfig({ test: { testTimeout: 60_000 } });
