// The every-operation suite of each OpenAPI API in the registry, through the client entry
// the registry names: an API added there is covered here without an edit.
import { APIS } from "@leanapis/registry";
import { describeEveryOperation, loadClientEntry, type OpenApiApi } from "./every-operation.js";

for (const api of APIS.filter((candidate): candidate is OpenApiApi => candidate.kind === "openapi")) {
  describeEveryOperation(api, await loadClientEntry(api));
}
