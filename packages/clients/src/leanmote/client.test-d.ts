// Type-level tests: `tsc --noEmit` (the typecheck task) fails if any of these stops being an error.
import { bracketFilter, createLeanmoteClient, type LeanmoteSchema, paginate, selectFields, unwrap } from "./index.js";

const client = createLeanmoteClient({ auth: { token: "t" } });

export async function typeChecks() {
  const { data, meta } = await unwrap(client.GET("/v1/teams"));
  data satisfies LeanmoteSchema<"Team">[];
  meta?.total_pages satisfies number | undefined;
  // @ts-expect-error: a team has no `title`
  data[0]?.title;

  const filter = bracketFilter("created_at", { gte: "2024-01-01" });
  filter["created_at[gte]"] satisfies string;
  // @ts-expect-error: only the operators given are keys
  filter["created_at[lt]"];

  selectFields<LeanmoteSchema<"User">>("id", "email");
  // @ts-expect-error: users have no `colour`
  selectFields<LeanmoteSchema<"User">>("colour");

  for await (const team of paginate(client, "/v1/teams", { query: { per_page: 100 } }))
    team satisfies LeanmoteSchema<"Team">;
  // @ts-expect-error: one team is not a paged list
  paginate(client, "/v1/teams/{team_id}");
  // @ts-expect-error: the token goes in `auth`
  createLeanmoteClient({ token: "t" });
}
