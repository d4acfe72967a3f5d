import type { LeanmoteSchema } from "./client.js";

/** The comparison operators of Leanmote's bracket filters. */
export type FilterOperator = "eq" | "gte" | "lte" | "gt" | "lt";

/**
 * Query parameters for a bracket filter: `bracketFilter("created_at", { gte: "2024-01-01" })`
 * gives `{ "created_at[gte]": "2024-01-01" }`, typed so that it spreads into a query.
 */
export function bracketFilter<Field extends string, Ops extends Partial<Record<FilterOperator, string>>>(
  field: Field,
  operators: Ops,
): { [Op in keyof Ops & FilterOperator as `${Field}[${Op}]`]: string } {
  return Object.fromEntries(
    Object.entries(operators)
      .filter(([, value]) => value !== undefined)
      .map(([op, value]) => [`${field}[${op}]`, value]),
  ) as never;
}

type FieldName<Entity> = Extract<keyof Entity, string>;

/**
 * The `fields` parameter: which properties of each record to return, checked against the
 * entity when one is given (`selectFields<LeanmoteSchema<"User">>("id", "email")`); dot
 * paths reach nested properties. The client sends the list comma-separated.
 */
export function selectFields<Entity extends object = Record<string, unknown>>(
  ...names: (FieldName<Entity> | `${FieldName<Entity>}.${string}`)[]
): { fields: string[] } {
  return { fields: names };
}

export type LeanmoteMeta = LeanmoteSchema<"Meta">;
