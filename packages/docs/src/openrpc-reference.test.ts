// The OpenAPI view of the Leantime document that the reference page renders, checked against
// the document itself: a POST per method, under its service's tag, with its examples labelled.
import { isOpenRpc, type OpenRpcDocument, openRpcMethods } from "@leanapis/contract-helpers";
import { APIS, loadContract } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { markdownText, openRpcAsOpenApi } from "./openrpc-reference.js";
import { samplesFor } from "./samples.js";

const rpc = APIS.flatMap((api) => {
  const document = loadContract(api.id);
  return isOpenRpc(document) ? [{ api, document: document as OpenRpcDocument }] : [];
});

describe.each(rpc)("the OpenAPI view of $api.title", ({ api, document }) => {
  const view = openRpcAsOpenApi(document, samplesFor(api, document));
  const methods = openRpcMethods(document);

  it("has one POST operation per method, named by it, with both code samples", () => {
    const operations = Object.values(view.paths ?? {}).map((item) => item?.post);
    expect(operations.map((o) => o?.operationId)).toEqual(methods.map((m) => m.name));
    for (const operation of operations) expect(operation?.["x-codeSamples" as never]).toHaveLength(2);
  });

  it("labels each example request and result, and each declared error", () => {
    const method = methods.find((m) => m.examples?.length && m.errors?.length);
    const item = view.paths?.[`/api/jsonrpc#${method?.name}`]?.post;
    if (!item) throw new Error("no method with examples and errors in the view");
    const request = (item.requestBody as { content: Record<string, { examples: Record<string, { summary: string }> }> })
      .content["application/json"]!.examples;
    expect(Object.values(request).every((e) => e.summary.startsWith("Request: "))).toBe(true);
    const answer = item.responses["200"] as { content: Record<string, { examples: Record<string, unknown> }> };
    const response = answer.content["application/json"]!.examples;
    expect(Object.keys(response).filter((k) => k.startsWith("error"))).toHaveLength(method?.errors?.length ?? -1);
  });

  it("keeps angle brackets of the prose as text, and code spans as they are", () => {
    expect(markdownText("keys look like lt_<user>_<secret>, `a<b>`")).toBe(
      "keys look like lt_&lt;user&gt;_&lt;secret&gt;, `a<b>`",
    );
  });
});
