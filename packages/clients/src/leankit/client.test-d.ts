// Type-level tests: `tsc --noEmit` (the typecheck task) fails if any of these stops being an error.
import { createLeanKitClient, paginate } from "./index.js";

const client = createLeanKitClient({ host: "myaccount", auth: { token: "t" } });

export async function typeChecks() {
  // @ts-expect-error: not a path of the contract
  await client.GET("/io/boards");
  // @ts-expect-error: boardId is required
  await client.GET("/io/board/{boardId}", { params: { path: {} } });
  // @ts-expect-error: limit is an integer
  await client.GET("/io/board", { params: { query: { limit: "10" } } });
  // @ts-expect-error: a token needs a description
  await client.POST("/io/auth/token", { body: {} });
  const { data } = await client.GET("/io/board/{boardId}", { params: { path: { boardId: "1" } } });
  // @ts-expect-error: boards have no `name`, they have a `title`
  data?.name;
  // @ts-expect-error: host and baseUrl exclude each other
  createLeanKitClient({ host: "a", baseUrl: "http://127.0.0.1:4010", auth: { token: "t" } });

  createLeanKitClient({ host: "a", auth: { token: "t" }, timeoutMs: false, maxRedirects: 0 });
  // @ts-expect-error: timeoutMs is a number of milliseconds, or false for none
  createLeanKitClient({ host: "a", auth: { token: "t" }, timeoutMs: true });
  paginate(client, "/io/board", "boards", { maxPages: 3, maxItems: 100 });

  for await (const board of paginate(client, "/io/board", "boards")) {
    board.title satisfies string;
  }
  // @ts-expect-error: /io/user/me is not a paged list
  paginate(client, "/io/user/me", "boards");
  // @ts-expect-error: the items of /io/board are under "boards"
  paginate(client, "/io/board", "cards");
}
