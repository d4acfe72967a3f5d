import { createLeantimeClient, LeantimeRpcError } from "@leanapis/clients/leantime";

// An API key from Company Settings → API, sent as x-api-key on every call.
const leantime = createLeantimeClient({
  baseUrl: "https://leantime.example.com",
  auth: { apiKey: process.env.LEANTIME_API_KEY ?? "" },
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

// JSON-RPC errors are typed, with code, message and data.
try {
  await leantime.methods.Tickets.Tickets.getTicket({ id: -1 });
} catch (error) {
  if (error instanceof LeantimeRpcError) console.error(error.code, error.message, error.data);
  else throw error;
}
