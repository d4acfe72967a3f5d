import { createReportingClient, ReportingApiError } from "@leanapis/clients/reporting";
import { describeEveryOperation } from "../every-operation.js";

describeEveryOperation({
  title: "Reporting",
  api: "reporting",
  specifier: "@leanapis/spec-reporting/openapi.json",
  errorClass: ReportingApiError,
  client: (baseUrl) => createReportingClient({ baseUrl, auth: { token: "mock-token" }, retry: false }),
});
