import { createLeanKitClient, LeanKitApiError } from "@leanapis/clients/leankit";
import { inject } from "vitest";
import { Contract, loadContract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { describeEveryOperation, type Operation, type RequestFunction } from "../every-operation.js";

const contract = new Contract(loadContract("@leanapis/spec-leankit/openapi.json"));
trackCoverage("leankit", contract);
const mockUrl = inject("mockUrls").leankit;

describeEveryOperation({
  title: "LeanKit",
  contract,
  mockUrl,
  errorClass: LeanKitApiError,
  request: (operation: Operation) => {
    const basicOnly = operation.security?.every((requirement) => "basicAuth" in requirement) ?? false;
    const client = createLeanKitClient({
      baseUrl: mockUrl!,
      auth: basicOnly ? { username: "mock-user", password: "mock-password" } : { token: "mock-token" },
      retry: false,
    });
    client.use(contract.middleware());
    return client.request as unknown as RequestFunction;
  },
});
