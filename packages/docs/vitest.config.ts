import { testConfig } from "@leanapis/tooling/vitest";

// One test file at a time: the budget test times pages with the CPU slowed 4×, which two other
// Chromiums of this package's own tests on the same 2 cores would only blur (and, the machine
// being 2 cores, running the files side by side saves no time).
export default testConfig({ test: { fileParallelism: false } });
