import {
  bracketFilter,
  createLeanmoteClient,
  LeanmoteApiError,
  type LeanmoteSchema,
  paginate,
  selectFields,
  unwrap,
} from "@leanapis/clients/leanmote";

// Against the local mock (`npm start`) as written; for your account set
// LEANMOTE_BASE_URL=https://api.leanmote.com and LEANMOTE_TOKEN (Settings → API Tokens).
// The client keeps under the burst limit (100 requests a minute) and retries a 429 when
// the rate-limit headers say it may.
const leanmote = createLeanmoteClient({
  baseUrl: process.env.LEANMOTE_BASE_URL ?? "http://127.0.0.1:4012",
  auth: { token: process.env.LEANMOTE_TOKEN ?? "mock-token" },
});

// Every team created since 2024, two fields each, across all pages.
const query = {
  per_page: 100,
  ...bracketFilter("created_at", { gte: "2024-01-01" }),
  ...selectFields<LeanmoteSchema<"Team">>("id", "name"),
};
for await (const team of paginate(leanmote, "/v1/teams", { query })) console.log(team.id, team.name);

// One call, out of its envelope: `data` and the paging `meta`.
try {
  const { data, meta } = await unwrap(leanmote.GET("/v1/users", { params: { query: { page: 1 } } }));
  console.log(data.length, "of", meta?.total);
} catch (error) {
  if (error instanceof LeanmoteApiError) console.error(error.status, error.code, error.requestId);
  else throw error;
}
