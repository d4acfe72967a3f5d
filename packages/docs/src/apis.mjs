// The contracts the site documents: a reference page and a client quick start each.
export const DOCUMENTED_APIS = [
  {
    name: "leankit",
    title: "LeanKit",
    kind: "openapi",
    contract: "@leanapis/spec-leankit/openapi.json",
    specDir: "specs/leankit",
    page: "leankit.html",
    quickstart: "quickstart-leankit.html",
    client: "@leanapis/clients/leankit",
  },
  {
    name: "reporting",
    title: "LeanKit Reporting",
    kind: "openapi",
    contract: "@leanapis/spec-reporting/openapi.json",
    specDir: "specs/reporting",
    page: "reporting.html",
    quickstart: "quickstart-reporting.html",
    client: "@leanapis/clients/reporting",
  },
  {
    name: "leanmote",
    title: "Leanmote",
    kind: "openapi",
    contract: "@leanapis/spec-leanmote/openapi.json",
    specDir: "specs/leanmote",
    page: "leanmote.html",
    quickstart: "quickstart-leanmote.html",
    client: "@leanapis/clients/leanmote",
  },
  {
    name: "leantime",
    title: "Leantime",
    kind: "openrpc",
    contract: "@leanapis/spec-leantime/openrpc.json",
    specDir: "specs/leantime",
    page: "leantime.html",
    quickstart: "quickstart-leantime.html",
    client: "@leanapis/clients/leantime",
  },
];

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

/** The operations of an OpenAPI document (path-level `parameters` are not operations). */
export function operationsOf(spec) {
  return Object.values(spec.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([, operation]) => operation),
  );
}
