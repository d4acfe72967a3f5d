import { createLeanKitClient, LeanKitApiError } from "@leanapis/clients/leankit";
import { describeEveryOperation } from "../every-operation.js";

describeEveryOperation({
  title: "LeanKit",
  api: "leankit",
  specifier: "@leanapis/spec-leankit/openapi.json",
  errorClass: LeanKitApiError,
  client: (baseUrl, operation) => {
    // The token operations take Basic credentials only.
    const basicOnly = operation.security?.every((requirement) => "basicAuth" in requirement) ?? false;
    const auth = basicOnly ? { username: "mock-user", password: "mock-password" } : { token: "mock-token" };
    return createLeanKitClient({ baseUrl, auth, retry: false });
  },
});
