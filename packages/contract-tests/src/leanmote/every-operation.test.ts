import { createLeanmoteClient, LeanmoteApiError } from "@leanapis/clients/leanmote";
import { inject } from "vitest";
import { Contract, loadContract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { describeEveryOperation, type RequestFunction } from "../every-operation.js";

const contract = new Contract(loadContract("@leanapis/spec-leanmote/openapi.json"));
trackCoverage("leanmote", contract);
const mockUrl = inject("mockUrls").leanmote;

describeEveryOperation({
  title: "Leanmote",
  contract,
  mockUrl,
  errorClass: LeanmoteApiError,
  request: () => {
    const client = createLeanmoteClient({ baseUrl: mockUrl!, token: "mock-token", retry: false, burst: false });
    client.use(contract.middleware());
    return client.request as unknown as RequestFunction;
  },
});
