import { createLeantimeClient, LeantimeRpcError } from "@leanapis/clients/leantime";

// Against the local mock (`npm start`) as written; for your site set
// LEANTIME_BASE_URL=https://leantime.example.com (the client adds /api/jsonrpc) and
// LEANTIME_API_KEY (Company Settings → API), sent as x-api-key on every call.
const leantime = createLeantimeClient({
  baseUrl: process.env.LEANTIME_BASE_URL ?? "http://127.0.0.1:4013",
  auth: { apiKey: process.env.LEANTIME_API_KEY ?? "mock-key" },
});

// Every method is a typed function, nested like its name: leantime.rpc.Tickets.Tickets.getTicket.
const ticket = await leantime.methods.Tickets.Tickets.getTicket({ id: 11 });
if (ticket) console.log(ticket.headline);

// Or by name (aliases work too), and several calls in one batch.
const projects = await leantime.call("leantime.rpc.Projects.Projects.getAll");
const [first, second] = await leantime.batch([
  { method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 11 } },
  { method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 12 } },
]);
console.log(projects, first.ok, second.ok);

// JSON-RPC errors are typed, with code, message and data: here -32602, as an id must be an integer.
try {
  await leantime.methods.Tickets.Tickets.getTicket({ id: 1.5 });
} catch (error) {
  if (error instanceof LeantimeRpcError) console.log(error.code, error.message, error.data);
  else throw error;
}
