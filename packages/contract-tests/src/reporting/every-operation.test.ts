import { createReportingClient, ReportingApiError } from "@leanapis/clients/reporting";
import { inject } from "vitest";
import { Contract, loadContract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { describeEveryOperation, type RequestFunction } from "../every-operation.js";

const contract = new Contract(loadContract("@leanapis/spec-reporting/openapi.json"));
trackCoverage("reporting", contract);
const mockUrl = inject("mockUrls").reporting;

describeEveryOperation({
  title: "Reporting",
  contract,
  mockUrl,
  errorClass: ReportingApiError,
  request: () => {
    const client = createReportingClient({ baseUrl: mockUrl!, auth: { token: "mock-token" }, retry: false });
    client.use(contract.middleware());
    return client.request as unknown as RequestFunction;
  },
});
