// Assembles the published OpenRPC document from the extracted source (extracted/), the hand
// curation (overlays/, document/) and the binding rules (binding.ts). A method is in the
// document when the latest release exposes it (and it is not excluded), or when an earlier
// release did and an overlay curates it (it then carries `x-leantime-until`).
import { type Binding, binding, phpTypeText, resultSchema, sampleResult, sampleValue } from "./binding.js";
import {
  type ExtractedMethod,
  type ExtractedRelease,
  type ExtractedService,
  type MethodOverlay,
  readDocumentPart,
  readExclusions,
  readExtracted,
  readOverlay,
} from "./layout.js";

type Json = Record<string, unknown>;
export const METHOD_PREFIX = "leantime.rpc.";

const lcfirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The names the server also resolves to a method (it studly-cases module and service, and matches the method in any case). */
export function aliases(module: string, service: string, method: string): string[] {
  const names = new Set<string>();
  for (const s of [service, lcfirst(service)]) names.add(`${METHOD_PREFIX}${lcfirst(module)}.${s}.${method}`);
  if (module === service) for (const m of [module, lcfirst(module)]) names.add(`${METHOD_PREFIX}${m}.${method}`);
  names.delete(`${METHOD_PREFIX}${module}.${service}.${method}`);
  return [...names];
}

/** Why a method of the latest release stays out of the document, if it does. */
export function exclusionReason(
  service: ExtractedService,
  method: ExtractedMethod,
  exclusions: Record<string, string>,
): string | undefined {
  const curated = exclusions[`${service.module}.${service.service}.${method.name}`];
  if (curated) return curated;
  const union = method.params.find((p) => p.default === undefined && binding(p).unbindable);
  if (union) {
    return `its required parameter $${union.name} is typed ${phpTypeText(union.type)}, which the server can never bind (every call is refused with -32602)`;
  }
  return undefined;
}

const DEFAULT_ERRORS = ["InvalidParams", "MethodNotFound", "Forbidden", "InternalError"].map((name) => ({
  $ref: `#/components/errors/${name}`,
}));

function summaryOf(method: ExtractedMethod): string {
  // Without double quotes, which the reference page renders as typographic ones.
  const first = method.summary
    ?.split(/(?<=\.)\s/)[0]
    ?.replace(/\.$/, "")
    .replaceAll('"', "");
  if (first && first.length <= 100 && !/^[a-z]+\s*-\s*$/i.test(first)) return first;
  const words = method.name.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function paramObject(param: ExtractedMethod["params"][number], overlay: MethodOverlay["params"]) {
  const bound: Binding = binding(param);
  const curated = overlay?.[param.name];
  const schema: Json = { ...bound.schema };
  const expected = curated?.schema;
  if (expected) {
    if (param.type.kind === "named" && ["array", "object"].includes(param.type.name)) {
      // The service's expected members refine the object form; a list still binds.
      if (expected.$ref !== undefined) {
        delete schema.type;
        schema.anyOf = [{ $ref: expected.$ref }, { type: "array" }];
      }
      for (const key of ["properties", "required", "additionalProperties"] as const)
        if (expected[key] !== undefined) schema[key] = expected[key];
    } else {
      // Untyped or scalar: the server binds any value its type takes; the service's expectation is documentation.
      schema["x-leantime-expected"] = expected;
    }
  }
  if (param.default && "json" in param.default && !bound.unbindable) schema.default = param.default.json;
  const text = curated?.description ?? param.docText ?? "";
  const expectedNote =
    schema["x-leantime-expected"] !== undefined ? " The shape the service expects is in `x-leantime-expected`." : "";
  const defaultNote = param.default && "php" in param.default ? ` Default: \`${param.default.php}\`.` : "";
  return {
    name: param.name,
    description: `${text}${text && !/[.!?]$/.test(text) ? "." : ""} ${bound.rule}${expectedNote}${defaultNote}`.trim(),
    required: param.default === undefined,
    schema,
  };
}

function generatedExample(method: ExtractedMethod) {
  const params = method.params
    .filter((p) => p.default === undefined)
    .map((p) => ({ name: p.name, value: sampleValue(p) }));
  return {
    name: `${method.name}Example`,
    summary: "Generated from the PHP signature (values by type and name)",
    params,
    result: { name: `${method.name}Result`, value: sampleResult(method.returns) },
  };
}

function methodObject(service: ExtractedService, method: ExtractedMethod, overlay: MethodOverlay | undefined): Json {
  const name = `${METHOD_PREFIX}${service.module}.${service.service}.${method.name}`;
  const docs = [method.summary, method.description].filter(Boolean).join("\n\n");
  const plugin = [...method.attributes, ...service.attributes].find((a) => a.name === "RequiresPlugin");
  const permission = method.attributes.find((a) => a.name === "RequiresPermission");
  const notes = [
    permission && !overlay?.description?.includes("Permission:")
      ? `Permission: ${permission.args} (denial: JSON-RPC error -32001).`
      : "",
    plugin ? `Requires the plugin ${plugin.args} (else -32004).` : "",
    `Source: ${method.file} line ${method.line} (${method.release}).`,
  ].filter(Boolean);
  const description = [overlay?.description ?? docs, notes.join(" ")].filter(Boolean).join("\n\n");
  return {
    name,
    "x-aliases": aliases(service.module, service.service, method.name),
    summary: overlay?.summary ?? summaryOf(method),
    description,
    tags: [{ name: service.module }],
    paramStructure: "by-name",
    params: method.params.map((p) => paramObject(p, overlay?.params)),
    result: overlay?.result ?? {
      name: `${method.name}Result`,
      description: `PHP return type ${phpTypeText(method.returns)}${method.returnDoc ? ` (${method.returnDoc})` : ""}.`,
      schema: resultSchema(method.returns),
    },
    errors: overlay?.errors ?? DEFAULT_ERRORS,
    examples: overlay?.examples ?? [generatedExample(method)],
    ...(overlay?.["x-resource"] ? { "x-resource": overlay["x-resource"] } : {}),
    "x-leantime-since": method.since,
    ...(method.until ? { "x-leantime-until": method.until, "x-leantime-until-reason": method.untilReason } : {}),
    ...(method.until ? { deprecated: true } : {}),
  };
}

export interface Assembly {
  document: Json;
  latest: ExtractedRelease;
  /** Methods the latest release exposes, covered or not. */
  exposed: { name: string; reason?: string }[];
}

export function assemble(): Assembly {
  const { services, releases } = readExtracted();
  const latest = releases[releases.length - 1]!;
  const exclusions = readExclusions();
  const methods: Json[] = [];
  const exposed: Assembly["exposed"] = [];
  for (const service of services) {
    const overlay = readOverlay(service.module, service.service);
    for (const method of service.methods) {
      const curated = overlay.methods[method.name];
      const reason = method.until ? undefined : exclusionReason(service, method, exclusions);
      if (!method.until) exposed.push({ name: `${service.module}.${service.service}.${method.name}`, reason });
      if (reason || (method.until && !curated)) continue;
      methods.push(methodObject(service, method, curated));
    }
  }
  const base = readDocumentPart<Json & { info: Json }>("base.json");
  const document = {
    openrpc: base.openrpc,
    info: { ...base.info, version: latest.version },
    ...Object.fromEntries(Object.entries(base).filter(([key]) => !["openrpc", "info"].includes(key))),
    "x-leantime-releases": releases,
    methods,
    components: {
      schemas: readDocumentPart<Json>("schemas.json"),
      errors: readDocumentPart<Json>("errors.json"),
    },
  };
  return { document, latest, exposed };
}
