// The behaviour of an API the engine knows nothing particular about: errors take the shape
// of the API's own declared error examples, with their wording replaced.
import { deref, type OpenAPIV3_1, type OpenApiDocument, openApiOperations } from "@leanapis/contract-helpers";
import { withMessage } from "../error-template.js";
import type { Behaviour } from "../openapi-mock.js";

/** The first JSON example of any declared 4xx response: the shape of the API's errors. */
function errorTemplate(document: OpenApiDocument): unknown {
  for (const { operation } of openApiOperations(document)) {
    for (const [status, node] of Object.entries(operation.responses ?? {})) {
      if (!/^4\d\d$/.test(status)) continue;
      const content = deref<OpenAPIV3_1.ResponseObject>(document, node)?.content?.["application/json"];
      const first =
        content?.example ??
        deref<OpenAPIV3_1.ExampleObject>(document, Object.values(content?.examples ?? {})[0])?.value;
      if (first !== undefined) return first;
    }
  }
  return { message: "" };
}

export function genericBehaviour(document: OpenApiDocument): Behaviour {
  const template = errorTemplate(document);
  return { errorBody: (_status, message) => withMessage(template, message) };
}
