import { createReportingClient, fetchRows, ReportingApiError, streamRows } from "@leanapis/clients/reporting";

// Against the local mock (`npm start`) as written; for your account set
// REPORTING_BASE_URL=https://myaccount.leankit.com, REPORTING_EMAIL and REPORTING_PASSWORD.
// The client logs in on first use and again when the token expires; passwords and
// tokens never appear in errors.
const reporting = createReportingClient({
  baseUrl: process.env.REPORTING_BASE_URL ?? "http://127.0.0.1:4011",
  auth: {
    credentials: {
      email: process.env.REPORTING_EMAIL ?? "ada@example.com",
      password: process.env.REPORTING_PASSWORD ?? "mock-password",
    },
  },
});

// Typed rows, whatever the wire format: CSV (default), TAB or JSON.
const lanes = await fetchRows(reporting, "lanes", { format: "json", query: { boardId: "943188457" } });
console.log(lanes.length, "lanes");

// Large exports stream: rows are parsed as the CSV arrives.
try {
  for await (const card of streamRows(reporting, "cards", { query: { boardId: "943188457" } })) {
    console.log(card.cardId, card.cardTitle, card.isCardBlocked, card.creationDate);
  }
} catch (error) {
  if (error instanceof ReportingApiError) console.error(error.status, error.body);
  else throw error;
}
