import { createLeanKitClient, LeanKitApiError, paginate } from "@leanapis/clients/leankit";

// Against the local mock (`npm start`) as written; for your account set
// LEANKIT_BASE_URL=https://myaccount.leankit.com and LEANKIT_TOKEN (from "My API Tokens").
const leankit = createLeanKitClient({
  baseUrl: process.env.LEANKIT_BASE_URL ?? "http://127.0.0.1:4010",
  auth: { token: process.env.LEANKIT_TOKEN ?? "mock-token" }, // or { username, password } for Basic
});

// Every board, page by page (limit/offset driven by pageMeta).
for await (const board of paginate(leankit, "/io/board", "boards", { query: { limit: 100 } })) {
  console.log(board.id, board.title);
}

// One board's layout: paths, parameters and the response are typed from the contract.
const { data: board } = await leankit.GET("/io/board/{boardId}", { params: { path: { boardId: "943188457" } } });
for (const lane of board?.lanes ?? []) console.log(lane.name, lane.cardCount);

// Block a card with a JSON Patch; errors are typed.
try {
  const { data: card } = await leankit.PATCH("/io/card/{cardId}", {
    params: { path: { cardId: "943206946" } },
    body: [
      { op: "replace", path: "/isBlocked", value: true },
      { op: "add", path: "/blockReason", value: "Waiting on the vendor" },
    ],
  });
  console.log(card?.id, card?.title);
} catch (error) {
  if (error instanceof LeanKitApiError) console.error(error.status, error.body, error.requestId);
  else throw error;
}
