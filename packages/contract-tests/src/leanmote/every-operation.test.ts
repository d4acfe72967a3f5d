import { createLeanmoteClient, LeanmoteApiError } from "@leanapis/clients/leanmote";
import { describeEveryOperation } from "../every-operation.js";

describeEveryOperation({
  title: "Leanmote",
  api: "leanmote",
  specifier: "@leanapis/spec-leanmote/openapi.json",
  errorClass: LeanmoteApiError,
  client: (baseUrl) => createLeanmoteClient({ baseUrl, auth: { token: "mock-token" }, retry: false, burst: false }),
});
