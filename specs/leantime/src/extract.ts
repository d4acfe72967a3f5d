// The extractor: reads Leantime checkouts, one per release listed in releases.json, and
// writes extracted/ (never edited by hand): one file per service with every method some
// release exposes through JSON-RPC (its params, types, defaults, docblock, and the releases
// that expose it), and extracted/releases.json with what each release's endpoint does.
// Usage: pnpm --filter @leanapis/spec-leantime extract --checkouts '/tmp/leantime-{tag}'
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeCoverage } from "./coverage.js";
import { type ExtractedMethod, type ExtractedService, SPEC_DIR, serviceKey } from "./layout.js";
import { classFile, type PhpEnumCase, type PhpMethod, type PhpService, readEnum, readService } from "./php-source.js";
import { type ReleaseTraits, releaseTraits } from "./release-traits.js";

interface ReleaseRead {
  version: string;
  tag: string;
  traits: ReleaseTraits;
  services: Map<string, { module: string; service: string; file: string; php: PhpService }>;
}

/** Str::camel as the controller applies it: `_` and `-` split words; the result is compared case-insensitively. */
export function reachable(name: string): boolean {
  return !/[_-]/.test(name) && name !== "";
}

/** Whether the controller of a release dispatches to this method (reflection rules, then the `@api` gate). */
export function exposed(php: PhpService, method: PhpMethod, traits: ReleaseTraits): boolean {
  if (!php.isClass || php.isAbstract) return false;
  if (method.visibility !== "public" || method.isAbstract || !reachable(method.name)) return false;
  return traits.requiresApiTag ? method.api : true;
}

function readRelease(tag: string, root: string): ReleaseRead {
  const services = new Map<string, ReleaseRead["services"] extends Map<string, infer V> ? V : never>();
  const domain = join(root, "app/Domain");
  for (const module of readdirSync(domain).sort()) {
    let files: string[];
    try {
      files = readdirSync(join(domain, module, "Services"));
    } catch {
      continue;
    }
    for (const name of files.filter((f) => f.endsWith(".php")).sort()) {
      const file = `app/Domain/${module}/Services/${name}`;
      const php = readService(readFileSync(join(root, file), "utf8"), file);
      if (!php) continue;
      const service = name.replace(/\.php$/, "");
      services.set(serviceKey(module, service), { module, service, file, php });
    }
  }
  markEnums(root, services.values());
  return { version: tag.replace(/^v/, ""), tag, traits: releaseTraits(root), services };
}

/** Gives each parameter typed by an enum of the release its cases (the server binds a case's name or value). */
function markEnums(root: string, services: Iterable<{ php: PhpService }>): void {
  const enums = new Map<string, PhpEnumCase[] | undefined>();
  const casesOf = (className: string) => {
    if (!enums.has(className)) {
      const file = classFile(className);
      const path = file && join(root, file);
      enums.set(className, path && existsSync(path) ? readEnum(readFileSync(path, "utf8"), file) : undefined);
    }
    return enums.get(className);
  };
  for (const { php } of services) {
    for (const { type } of php.methods.flatMap((method) => method.params)) {
      if (type.kind !== "named" || type.builtin) continue;
      const cases = casesOf(type.name);
      if (cases) type.enumCases = cases;
    }
  }
}

function main() {
  const { values } = parseArgs({ options: { checkouts: { type: "string" } } });
  if (!values.checkouts?.includes("{tag}")) {
    console.error(
      "Usage: tsx src/extract.ts --checkouts '/path/to/leantime-{tag}'  ({tag} is each tag of releases.json)",
    );
    process.exit(2);
  }
  const { tags } = JSON.parse(readFileSync(join(SPEC_DIR, "releases.json"), "utf8")) as { tags: string[] };
  const releases = tags.map((tag) => readRelease(tag, values.checkouts!.replaceAll("{tag}", tag)));
  const latest = releases[releases.length - 1]!;

  const services = new Map<string, ExtractedService>();
  for (const release of releases) {
    for (const [key, { module, service, file, php }] of release.services) {
      for (const method of php.methods) {
        if (!exposed(php, method, release.traits)) continue;
        const entry = services.get(key) ?? { module, service, file, attributes: php.attributes, methods: [] };
        services.set(key, entry);
        let extracted = entry.methods.find((m) => m.name === method.name);
        if (!extracted) {
          extracted = { name: method.name, exposedIn: [] } as unknown as ExtractedMethod;
          entry.methods.push(extracted);
        }
        extracted.exposedIn.push(release.version);
        // The details are the newest release's that exposes the method.
        Object.assign(extracted, details(method), { release: release.version, file });
        entry.file = file;
      }
    }
  }
  for (const service of services.values()) {
    for (const method of service.methods) {
      const first = releases.findIndex((r) => r.version === method.exposedIn[0]);
      const last = releases.findIndex((r) => r.version === method.exposedIn[method.exposedIn.length - 1]);
      method.since = releases[first]!.version;
      const after = releases[last + 1];
      if (after) {
        method.until = after.version;
        // Gated (still there, no `@api`) or removed.
        const stillThere = after.services
          .get(serviceKey(service.module, service.service))
          ?.php.methods.some((m) => m.name === method.name);
        method.untilReason = stillThere ? "not tagged @api" : "removed";
      }
    }
    service.methods.sort((a, b) => a.name.localeCompare(b.name));
  }

  const out = join(SPEC_DIR, "extracted");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "services"), { recursive: true });
  for (const [key, service] of [...services].sort(([a], [b]) => a.localeCompare(b))) {
    writeFileSync(join(out, "services", `${key}.json`), `${JSON.stringify(service, null, 2)}\n`);
  }
  const releaseList = releases.map(({ version, tag, traits }) => ({ version, tag, ...traits }));
  writeFileSync(join(out, "releases.json"), `${JSON.stringify(releaseList, null, 2)}\n`);
  // In the repository's JSON style, so that lint passes and a new extraction diffs cleanly.
  execFileSync("biome", ["format", "--write", out], { stdio: "ignore" });
  const count = [...services.values()].reduce((n, s) => n + s.methods.filter((m) => m.until === undefined).length, 0);
  console.log(`Extracted ${services.size} services; ${count} methods exposed by ${latest.tag}.`);
  console.log(writeCoverage());
}

function details(method: PhpMethod): Omit<ExtractedMethod, "name" | "exposedIn" | "since" | "release" | "file"> {
  return {
    line: method.line,
    api: method.api,
    isStatic: method.isStatic,
    ...(method.summary ? { summary: method.summary } : {}),
    ...(method.description ? { description: method.description } : {}),
    params: method.params,
    returns: method.returns,
    ...(method.returnDoc ? { returnDoc: method.returnDoc } : {}),
    attributes: method.attributes,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
