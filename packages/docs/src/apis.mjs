// The contracts the site documents: one reference page each.
export const DOCUMENTED_APIS = [
  { name: "leankit", contract: "@leanapis/spec-leankit/openapi.json", page: "leankit.html" },
];
