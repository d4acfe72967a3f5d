// Recorded URLs map to operations as the API's server matches paths (the contract's
// `x-path-matching`): a LeanKit URL spelled as real clients send it (LeanKitUtils'
// `/io/board/{id}/customField`, a trailing slash) is checked, and counted in coverage, as the
// operation it is; Reporting matches strictly.
import { deref, type OpenAPIV3_1, type OpenApiDocument } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { exampleOf } from "../contract.js";
import { inspectExchange } from "./check-exchange.js";
import type { Exchange } from "./exchange.js";

const leankit = loadContract("leankit");
const reporting = loadContract("reporting");

const RATE = { "X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "119", "X-RateLimit-Reset": "1615558869" };
const JSON_TYPE = { "Content-Type": "application/json; charset=utf-8" };

function okExample(document: OpenApiDocument, path: string, method: "get" | "patch"): string {
  const response = deref<OpenAPIV3_1.ResponseObject>(document, document.paths![path]![method]!.responses!["200"]);
  return JSON.stringify(exampleOf(document, response?.content?.["application/json"]));
}

const recorded = (method: string, url: string, body: string, headers: Record<string, string> = RATE): Exchange => ({
  request: { method, url, headers: {} },
  response: { status: 200, headers: { ...JSON_TYPE, ...headers }, body },
});

describe("LeanKit: recorded URLs in another case or with a trailing slash", () => {
  const fields = okExample(leankit, "/io/board/{boardId}/customfield", "get");

  it.each([
    ["GET", "https://myaccount.leankit.com/io/board/943188457/customField", "listCustomFields"],
    ["PATCH", "https://myaccount.leankit.com/io/board/943188457/customField", "updateCustomFields"],
    ["GET", "https://myaccount.leankit.com/IO/BOARD/943188457/CUSTOMFIELD/", "listCustomFields"],
  ])("%s %s is %s, checked and exercised", (method, url, operationId) => {
    const inspection = inspectExchange("leankit", recorded(method, url, fields));
    expect(inspection.operation).toBe(operationId);
    expect(inspection.violations).toEqual([]);
    expect(inspection.exercised).toEqual([{ operation: operationId, status: 200 }]);
  });

  it("maps /io/board/ to listBoards and /io/board/{id}/ to getBoard, and still checks the answer", () => {
    const board = okExample(leankit, "/io/board/{boardId}", "get");
    expect(inspectExchange("leankit", recorded("GET", "https://a.leankit.com/io/board/943188457/", board))).toEqual(
      expect.objectContaining({ operation: "getBoard", violations: [] }),
    );
    const list = inspectExchange("leankit", recorded("GET", "https://a.leankit.com/io/board/", fields));
    expect(list.operation).toBe("listBoards");
    expect(list.violations.some((v) => v.place.startsWith("body"))).toBe(true);
  });

  it("a path the contract lacks still matches no operation", () => {
    const inspection = inspectExchange("leankit", recorded("GET", "https://a.leankit.com/io/board/1/customFields", ""));
    expect(inspection.operation).toBeUndefined();
    expect(inspection.violations).toEqual([
      expect.objectContaining({ place: "request", problem: "matches no operation: no path of the contract fits it" }),
    ]);
  });
});

describe("Reporting matches strictly", () => {
  it.each([
    "https://a.leankit.com/io/reporting/export/Cards.json",
    "https://a.leankit.com/io/reporting/export/cards.json/",
  ])("%s matches no operation", (url) => {
    const inspection = inspectExchange(reporting, recorded("GET", url, "[]", {}));
    expect(inspection.operation).toBeUndefined();
    expect(inspection.violations[0]?.place).toBe("request");
  });
});
