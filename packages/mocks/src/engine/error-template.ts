// An API's refusals as its contract shows them: a declared error example with its wording
// replaced by the violation at hand. The fields that carry wording are `message` (LeanKit,
// Reporting, Leanmote), `detail` and `description` (SCIM).
const WORDING = new Set(["message", "detail", "description"]);

/** `template` with every wording field, at any depth, replaced by `message`. */
export function withMessage(template: unknown, message: string): unknown {
  if (Array.isArray(template)) return template.map((item) => withMessage(item, message));
  if (template === null || typeof template !== "object") return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => [
      key,
      WORDING.has(key) && typeof value === "string" ? message : withMessage(value, message),
    ]),
  );
}
