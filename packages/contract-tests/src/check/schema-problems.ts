// Ajv's errors as the checker reports them: the place of the offending member (for a
// missing or an unknown property, the property itself rather than its parent), what is
// wrong, and the value found there.
import { decodePointer, encodePointer, type ValidateFunction, valueAt } from "@leanapis/contract-helpers";
import { shown } from "./exchange.js";

export interface SchemaProblem {
  /** Where in the value, as pointer segments. */
  at: string[];
  problem: string;
  value: unknown;
}

type AjvError = NonNullable<ValidateFunction["errors"]>[number];

/** A oneOf or anyOf that no alternative passed. */
const isFailedChoice = (error: AjvError) =>
  (error.keyword === "oneOf" && (error.params as { passingSchemas?: unknown }).passingSchemas == null) ||
  error.keyword === "anyOf";

/**
 * Ajv lists every alternative's errors when a oneOf or anyOf fails, most of them about
 * alternatives the value was never meant for. Kept: the errors of the alternatives whose
 * type the value has; when it has none of their types, one error naming the types allowed.
 * Alternatives written inline are told apart by their schema path; one reached through a
 * `$ref` reports paths of its own, so its errors are known by standing, as Ajv reports
 * them, just before the choice's own error.
 */
function withoutMisfits(errors: readonly AjvError[]): AjvError[] {
  const consumed = new Set<AjvError>();
  const kept = new Map<AjvError, AjvError>();
  const choices = errors.filter(isFailedChoice).sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const choice of choices) {
    if (consumed.has(choice)) continue;
    consumed.add(choice);
    const at = choice.instancePath;
    const prefix = `${choice.schemaPath}/`;
    const inside = errors.filter((error) => error.schemaPath.startsWith(prefix) && !consumed.has(error));
    for (const error of inside) consumed.add(error);
    const byAlternative = new Map<string, AjvError[]>();
    for (const error of inside) {
      const alternative = error.schemaPath.slice(prefix.length).split("/")[0]!;
      byAlternative.set(alternative, [...(byAlternative.get(alternative) ?? []), error]);
    }
    const isTypeMiss = (error: AjvError) => error.keyword === "type" && error.instancePath === at;
    const fitting = [...byAlternative.values()].filter((alternative) => !alternative.some(isTypeMiss));
    let first = errors.indexOf(choice);
    while (first > 0 && `${errors[first - 1]!.instancePath}/`.startsWith(`${at}/`)) first--;
    const referenced = errors
      .slice(first, errors.indexOf(choice))
      .filter((e) => !consumed.has(e) && !e.schemaPath.startsWith(prefix));
    const referencedMisses = referenced.filter(isTypeMiss);
    for (const error of referencedMisses) consumed.add(error);
    if (fitting.length > 0 || referenced.length > referencedMisses.length) {
      for (const error of withoutMisfits(fitting.flat())) kept.set(error, error);
      continue;
    }
    const types = [...inside, ...referencedMisses]
      .filter((e) => e.keyword === "type")
      .flatMap((e) => [(e.params as { type: string | string[] }).type].flat());
    kept.set(choice, { ...choice, keyword: "type", params: { type: [...new Set(types)] } });
  }
  return errors.flatMap((error) => (kept.has(error) ? [kept.get(error)!] : consumed.has(error) ? [] : [error]));
}

/** What is wrong with `value` by the validator (empty when nothing), one entry per distinct problem. */
export function schemaProblems(validate: ValidateFunction, value: unknown): SchemaProblem[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of withoutMisfits(validate.errors ?? [])) {
    const at = decodePointer(error.instancePath);
    const params = error.params as Record<string, unknown>;
    let problem: SchemaProblem;
    if (error.keyword === "required") {
      problem = { at: [...at, String(params.missingProperty)], problem: "is required but missing", value: undefined };
    } else if (error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties") {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      problem = {
        at: [...at, name],
        problem: "is not a property the schema allows",
        value: valueAt(value, [...at, name]),
      };
    } else if (error.keyword === "enum") {
      problem = { at, problem: `must be one of ${shown(params.allowedValues)}`, value: valueAt(value, at) };
    } else if (error.keyword === "type") {
      const types = [(params as { type: string | string[] }).type].flat();
      problem = { at, problem: `must be ${types.join(" or ")}`, value: valueAt(value, at) };
    } else if (error.keyword === "const") {
      problem = { at, problem: `must be ${shown(params.allowedValue)}`, value: valueAt(value, at) };
    } else {
      problem = { at, problem: error.message ?? `fails ${error.keyword}`, value: valueAt(value, at) };
    }
    const key = `${encodePointer(problem.at)} ${problem.problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** "body" for the root, "body /boards/0/id" inside. */
export const placeIn = (prefix: string, at: readonly string[]): string =>
  at.length === 0 ? prefix : `${prefix} ${encodePointer(at)}`;
