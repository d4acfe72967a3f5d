// Each Reporting export in each format through the client: the rows are typed the same
// and equal across CSV, TAB and JSON (mock, or live with REPORTING_BASE_URL and
// REPORTING_EMAIL/REPORTING_PASSWORD); the login is checked against the contract too.
import {
  createReportingClient,
  type ExportName,
  fetchRows,
  REPORTING_EXPORTS,
  ReportingApiError,
} from "@leanapis/clients/reporting";
import { loadContract } from "@leanapis/registry";
import { describe, expect, inject, it } from "vitest";
import { Contract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { liveReporting } from "../targets.js";

const contract = new Contract(loadContract("reporting"));
trackCoverage("reporting", contract);
const mockUrl = inject("mockUrls").reporting;
const live = liveReporting();

function client(credentials = live?.credentials ?? { email: "ada@example.com", password: "mock-password" }) {
  const reporting = createReportingClient({ baseUrl: mockUrl ?? live!.baseUrl, auth: { credentials }, retry: false });
  reporting.use(contract.middleware());
  return reporting;
}

const exports = Object.keys(REPORTING_EXPORTS) as ExportName[];

describe("Reporting exports", () => {
  it.each(exports)("%s gives the same typed rows as CSV, TAB and JSON", async (name) => {
    const reporting = client();
    const query = { limit: 50 };
    const csv = await fetchRows(reporting, name, { format: "csv", query });
    const tab = await fetchRows(reporting, name, { format: "tab", query });
    const json = await fetchRows(reporting, name, { format: "json", query });
    expect(csv.length).toBeGreaterThan(0);
    expect(tab).toEqual(csv);
    expect(json).toEqual(csv);
    const columns = REPORTING_EXPORTS[name].columns as Record<string, string>;
    for (const row of csv) {
      for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
        if (value === null) continue;
        const kind = columns[column];
        expect(kind, `${name}.${column} is a column of the contract`).toBeDefined();
        if (kind === "integer" || kind === "number") expect(typeof value).toBe("number");
        if (kind === "boolean") expect(typeof value).toBe("boolean");
        if (kind === "date-time") expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?Z$/);
      }
    }
  });

  it.each(exports)("%s answers the same with ?format= on the plain path as on the extension path", async (name) => {
    const reporting = client();
    const get = reporting.GET as unknown as (
      path: string,
      init: object,
    ) => Promise<{ data: string; response: Response }>;
    for (const [format, mediaType] of [
      ["csv", "text/csv"],
      ["tab", "text/tab-separated-values"],
      ["json", "application/json"],
    ]) {
      const plain = await get(`/io/reporting/export/${name}`, { params: { query: { format } }, parseAs: "text" });
      const extension = await get(`/io/reporting/export/${name}.${format}`, {
        parseAs: "text",
        headers: { Accept: mediaType },
      });
      expect(plain.response.headers.get("content-type")).toContain(mediaType);
      expect(plain.data).toBe(extension.data);
    }
  });

  it.runIf(mockUrl !== null)("refuses bad credentials with the documented 401 body", async () => {
    const reporting = createReportingClient({
      baseUrl: mockUrl!,
      auth: { credentials: { email: "ada@example.com", password: "wrong" } },
      retry: false,
      fetch: (request) => {
        request.headers.set("Prefer", "code=401");
        return fetch(request);
      },
    });
    reporting.use(contract.middleware());
    const error = await fetchRows(reporting, "tags").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportingApiError);
    expect(error).toMatchObject({
      status: 401,
      operation: "POST /io/reporting/auth",
      body: { statusCode: 401, error: "Unauthorized", message: "Login failed: email or password is incorrect" },
    });
  });
});
