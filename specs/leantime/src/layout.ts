// Where the contract's sources live and what they hold. extracted/ is written by the
// extractor only; overlays/ and document/ are curated by hand and never overwritten.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PhpMethod } from "./php-source.js";
import type { ReleaseTraits } from "./release-traits.js";

export const SPEC_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const serviceKey = (module: string, service: string) => `${module}.${service}`;

/** A method as the extractor records it: what the newest release exposing it declares, and its releases. */
export interface ExtractedMethod
  extends Pick<
    PhpMethod,
    "name" | "line" | "api" | "isStatic" | "summary" | "description" | "params" | "returns" | "returnDoc" | "attributes"
  > {
  /** Releases whose endpoint dispatches to it (versions, oldest first). */
  exposedIn: string[];
  since: string;
  /** The first release after `since` that no longer exposes it. */
  until?: string;
  untilReason?: "not tagged @api" | "removed";
  /** The release the details below are read from (the newest that exposes it). */
  release: string;
  file: string;
}

export interface ExtractedService {
  module: string;
  service: string;
  file: string;
  attributes: { name: string; args: string }[];
  methods: ExtractedMethod[];
}

export type ExtractedRelease = { version: string; tag: string } & ReleaseTraits;

/** Hand curation of one method: any member here wins over what is derived from the source. */
export interface MethodOverlay {
  summary?: string;
  description?: string;
  /** Per param: its description, and the shape the service expects (a schema, documentation for untyped params). */
  params?: Record<string, { description?: string; schema?: Record<string, unknown> }>;
  result?: Record<string, unknown>;
  errors?: unknown[];
  examples?: unknown[];
  "x-resource"?: unknown;
}

export interface ServiceOverlay {
  methods: Record<string, MethodOverlay>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

export function readExtracted(): { services: ExtractedService[]; releases: ExtractedRelease[] } {
  const dir = join(SPEC_DIR, "extracted");
  const services = readdirSync(join(dir, "services"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readJson<ExtractedService>(join(dir, "services", f)));
  return { services, releases: readJson<ExtractedRelease[]>(join(dir, "releases.json")) };
}

export function readOverlay(module: string, service: string): ServiceOverlay {
  const path = join(SPEC_DIR, "overlays", `${serviceKey(module, service)}.json`);
  return existsSync(path) ? readJson<ServiceOverlay>(path) : { methods: {} };
}

/** Methods of the latest release left out of the document, by `Module.Service.method`, with the reason. */
export function readExclusions(): Record<string, string> {
  return readJson<Record<string, string>>(join(SPEC_DIR, "overlays", "excluded.json"));
}

export function readDocumentPart<T>(name: string): T {
  return readJson<T>(join(SPEC_DIR, "document", name));
}
