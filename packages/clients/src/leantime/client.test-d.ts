// Type-level tests: `tsc --noEmit` (the typecheck task) fails if any of these stops being an error.
import { createLeantimeClient } from "./index.js";

const client = createLeantimeClient({ baseUrl: "https://leantime.example.com", auth: { apiKey: "k" } });

export async function typeChecks() {
  await client.methods.Tickets.Tickets.getTicket({ id: 11 });
  // @ts-expect-error: getTicket needs an id
  await client.methods.Tickets.Tickets.getTicket({});
  // getTicket's $id is untyped in PHP: the server passes any JSON value on.
  await client.methods.Tickets.Tickets.getTicket({ id: "11" });
  // An int parameter takes a number or a numeric string, never a boolean or an object.
  await client.methods.Tickets.Tickets.markTicketDone({ id: "11" });
  // @ts-expect-error: not an int
  await client.methods.Tickets.Tickets.markTicketDone({ id: {} });
  // @ts-expect-error: Tickets.patch is refused since 3.9.0, so the types (which follow the latest release) lack it
  await client.methods.Tickets.Tickets.patch({ id: 11, params: {} });
  // @ts-expect-error: no such method
  await client.methods.Tickets.Tickets.getTickets({ id: 1 });

  await client.call("leantime.rpc.tickets.getTicket", { id: 11 }); // an alias
  // @ts-expect-error: not a method name the server resolves
  await client.call("leantime.rpc.Tickets.getTickets", { id: 11 });

  const [outcome] = await client.batch([{ method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 1 } }]);
  if (outcome.ok) outcome.result satisfies unknown;
  else outcome.error.code satisfies number | undefined;
}
