// The extractor's readings, on PHP written the way Leantime's services are: what the
// controller would expose in each kind of release, and how each parameter binds.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aliases } from "./assemble.js";
import { binding, phpTypeText, sampleValue } from "./binding.js";
import { exposed } from "./extract.js";
import { classFile, type PhpParameter, readEnum, readService } from "./php-source.js";
import { releaseTraits } from "./release-traits.js";

const SERVICE = `<?php
namespace Leantime\\Domain\\Tickets\\Services;

use Carbon\\CarbonImmutable;
use Leantime\\Domain\\Tickets\\Models\\Tickets as TicketModel;

class Tickets
{
    public function __construct() {}

    /**
     * Gets one ticket.
     *
     * Reads it from the repository.
     *
     * @api
     *
     * @param  int  $id  The ticket id
     */
    #[RequiresPermission(TicketsPermissions::VIEW, entityScoped: true)]
    public function getTicket($id, ?int $projectId = null, array $filter = ['a' => 1], int|string $when = 5): array|false {}

    /**
     * Not exposed: "@api" here is prose, not a tag at the start of a line.
     */
    public function patch(int $id, bool $notify = true, string $label = PHP_EOL): bool {}

    /** @api */
    protected function hidden(): void {}

    /**
     * @api
     */
    public function get_all(): array {}

    /** @api (one line: the controller's test wants "* @api" at the start of a line) */
    public function oneLiner(): array {}

    /**
     * @api
     */
    public function byDate(CarbonImmutable $from, TicketModel $ticket, mixed $any = null): ?array {}
}
`;

const service = readService(SERVICE, "Tickets.php")!;
const method = (name: string) => service.methods.find((m) => m.name === name)!;
const gated = { requiresApiTag: true } as Parameters<typeof exposed>[2];
const open = { requiresApiTag: false } as Parameters<typeof exposed>[2];

describe("reading a service class", () => {
  it("reads the docblock even when an attribute stands between it and the method", () => {
    expect(method("getTicket")).toMatchObject({
      api: true,
      summary: "Gets one ticket.",
      description: "Reads it from the repository.",
      attributes: [{ name: "RequiresPermission", args: "TicketsPermissions::VIEW, entityScoped: true" }],
    });
    expect(method("getTicket").params[0]).toMatchObject({
      name: "id",
      type: { kind: "none" },
      docText: "The ticket id",
    });
  });

  it("reads types, nullability and defaults, resolving imported class names", () => {
    const [, projectId, filter, when] = method("getTicket").params;
    expect(projectId).toMatchObject({ type: { kind: "named", name: "int", nullable: true }, default: { json: null } });
    expect(filter).toMatchObject({ type: { kind: "named", name: "array" }, default: { json: { a: 1 } } });
    expect(phpTypeText(when!.type)).toBe("int|string");
    expect(method("patch").params[2]!.default).toEqual({ php: "PHP_EOL" });
    const [from, ticket] = method("byDate").params;
    expect(from!.type).toMatchObject({ name: "Carbon\\CarbonImmutable" });
    expect(ticket!.type).toMatchObject({ name: "Leantime\\Domain\\Tickets\\Models\\Tickets", builtin: false });
  });

  it("exposes what the controller dispatches to: public, reachable names, and since 3.9 only @api", () => {
    const names = (traits: typeof gated) =>
      service.methods.filter((m) => exposed(service, m, traits)).map((m) => m.name);
    expect(names(gated)).toEqual(["getTicket", "byDate"]);
    expect(names(open)).toEqual(["getTicket", "patch", "oneLiner", "byDate"]);
  });
});

describe("binding rules", () => {
  const [id, projectId, filter, when] = method("getTicket").params;
  it("states the PHP type and what the server takes", () => {
    expect(binding(id!).schema).toMatchObject({ "x-leantime-php-type": "untyped" });
    expect(binding(projectId!).schema).toMatchObject({ anyOf: [{ type: "integer" }, { type: "string" }] });
    expect(binding(filter!).schema).toMatchObject({ type: ["object", "array"] });
    expect(binding(when!)).toMatchObject({ unbindable: true, schema: { not: {}, "x-leantime-unbindable": true } });
    expect(binding(method("patch").params[1]!).rule).toMatch(/FILTER_VALIDATE_BOOLEAN/);
  });
});

describe("enums", () => {
  const WORKERS = `<?php
namespace Leantime\\Domain\\Queue\\Workers;

enum Workers: string
{
    case EMAILS = 'email';
    case HTTPREQUESTS = 'httprequests';
}
`;
  const cases = readEnum(WORKERS, "Workers.php")!;
  const worker: PhpParameter = {
    name: "worker",
    type: { kind: "named", name: "Leantime\\Domain\\Queue\\Workers\\Workers", nullable: false, builtin: false },
    variadic: false,
  };

  it("finds the enum's file and reads its cases with their values", () => {
    expect(classFile("Leantime\\Domain\\Queue\\Workers\\Workers")).toBe("app/Domain/Queue/Workers/Workers.php");
    expect(classFile("Carbon\\CarbonImmutable")).toBeUndefined();
    expect(cases).toEqual([
      { name: "EMAILS", value: "email" },
      { name: "HTTPREQUESTS", value: "httprequests" },
    ]);
    expect(readEnum(SERVICE, "Tickets.php")).toBeUndefined();
  });

  it("binds a case's name or value, as Cast::castEnum does, and nothing else", () => {
    const plain = binding(worker);
    expect(plain.schema).toMatchObject({ type: "object" });
    const bound = binding({ ...worker, type: { ...worker.type, enumCases: cases } as PhpParameter["type"] });
    expect(bound.schema).toMatchObject({ enum: ["EMAILS", "HTTPREQUESTS", "email", "httprequests"] });
    expect(bound.rule).toMatch(/case's name \("EMAILS", "HTTPREQUESTS"\) or its value \("email", "httprequests"\)/);
    expect(sampleValue({ ...worker, type: { ...worker.type, enumCases: cases } as PhpParameter["type"] })).toBe(
      "email",
    );
  });
});

describe("names and releases", () => {
  it("lists the spellings the controller also resolves", () => {
    expect(aliases("Tickets", "Tickets", "getTicket")).toEqual([
      "leantime.rpc.tickets.Tickets.getTicket",
      "leantime.rpc.tickets.tickets.getTicket",
      "leantime.rpc.Tickets.getTicket",
      "leantime.rpc.tickets.getTicket",
    ]);
    expect(aliases("Notifications", "News", "getFeed")).toEqual([
      "leantime.rpc.notifications.News.getFeed",
      "leantime.rpc.notifications.news.getFeed",
    ]);
  });

  it("reads a release's traits from its controller and middleware", () => {
    const root = mkdtempSync(join(tmpdir(), "leantime-"));
    mkdirSync(join(root, "app/Domain/Api/Controllers"), { recursive: true });
    mkdirSync(join(root, "app/Core/Middleware"), { recursive: true });
    writeFileSync(join(root, "app/Domain/Api/Controllers/Jsonrpc.php"), "if (! settype($method_response, 'array')) {}");
    writeFileSync(join(root, "app/Core/Middleware/RequestRateLimiter.php"), "$this->config->ratelimitApi ?? 100;");
    expect(releaseTraits(root)).toMatchObject({
      wrapsScalarResults: true,
      requiresApiTag: false,
      bearerTokens: false,
      requestsPerMinute: 100,
    });
    expect(() => releaseTraits(tmpdir())).toThrow(/not a Leantime checkout/);
  });
});
