import { createReportingClient, fetchRows, ReportingApiError, streamRows } from "@leanapis/clients/reporting";

// Account credentials buy a reporting token; the client logs in on first use and
// again when the token expires. Passwords and tokens never appear in errors.
const reporting = createReportingClient({
  host: "myaccount", // https://myaccount.leankit.com
  auth: { credentials: { email: "ada@example.com", password: process.env.REPORTING_PASSWORD ?? "" } },
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
