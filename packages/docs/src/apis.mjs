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
];
