// Checks JSON-RPC 2.0 exchanges against an OpenRPC document. The calls are read from the
// request (a POST body, a batch, or the GET form's query), and the answer must be:
// - HTTP 200 for every JSON-RPC answer; any other status only as one of the HTTP refusals
//   the document's `x-security` declares (`x-unauthorized`, `x-rate-limited`), with the
//   very body it declares;
// - an empty body for a notification, else JSON (application/json, UTF-8);
// - per call, a response object: `jsonrpc: "2.0"`, the call's id echoed (null, or 0 where
//   the document's protocol errors carry it, when the server could not read the id), and
//   exactly one of `result` and `error`;
// - a result valid against the method's result schema; an error whose `code` is an integer
//   the method declares or a protocol error, whose `message` is a string, and which carries
//   `data` when every error the document declares does;
// - for a batch, one answer per call with an id, matched by id; a notification's slot may
//   hold null (the document's servers keep it) or be left out, as JSON-RPC says.
import { isDeepStrictEqual } from "node:util";
import {
  deref,
  type MethodObject,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openRpcMethods,
  SchemaValidators,
} from "@leanapis/contract-helpers";
import {
  bodyText,
  type Exchange,
  type ExchangeInspection,
  HeaderMap,
  isEmptyBody,
  isJsonMediaType,
  parseMediaType,
  requestUrl,
  shown,
  type Violation,
} from "./exchange.js";
import { placeIn, schemaProblems } from "./schema-problems.js";

/** Errors about the request itself, which any method may answer with. */
const PROTOCOL_ERRORS = ["ParseError", "InvalidRequest", "MethodNotFound", "InvalidParams"];
/** JSON-RPC 2.0's own codes for them, where a document does not name them. */
const STANDARD_CODES: Record<string, number> = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
};

interface Call {
  /** The method as called (an alias, maybe), when the request names one. */
  method: string | undefined;
  /** The id as sent; undefined for a notification. */
  id: unknown;
  /** Ids from the GET form's query are text: the server may answer them as numbers. */
  idIsText: boolean;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

interface Refusal {
  status: number;
  body: unknown;
  name: string;
}

export class RpcChecker {
  readonly validators: SchemaValidators;
  /** Each method by its name and its `x-aliases`, with its index in `methods` (where its schemas stand). */
  private readonly byName = new Map<string, { method: MethodObject; index: number }>();
  private readonly protocolCodes: Map<number, string>;
  private readonly parseErrorCode: number;
  private readonly refusals: Refusal[];
  /** Whether every error the document declares carries `data`: then every answer's must. */
  private readonly dataRequired: boolean;
  /** The endpoint's path, from the first server ("https://{domain}/api/jsonrpc" → "/api/jsonrpc"). */
  readonly endpoint: string;

  constructor(readonly document: OpenRpcDocument) {
    this.validators = new SchemaValidators(document);
    for (const [index, method] of openRpcMethods(document).entries()) {
      const aliases = (method["x-aliases"] as string[] | undefined) ?? [];
      for (const name of [method.name, ...aliases]) this.byName.set(name, { method, index });
    }
    const named = document.components?.errors ?? {};
    const codeOf = (name: string) => deref<OpenRpcErrorObject>(document, named[name])?.code ?? STANDARD_CODES[name]!;
    this.protocolCodes = new Map(PROTOCOL_ERRORS.map((name) => [codeOf(name), name]));
    this.parseErrorCode = codeOf("ParseError");
    const declaredErrors = Object.values(named).map((error) => deref<OpenRpcErrorObject>(document, error));
    this.dataRequired = declaredErrors.length > 0 && declaredErrors.every((error) => error && "data" in error);
    const security = (document as { "x-security"?: Record<string, unknown> })["x-security"] ?? {};
    this.refusals = Object.entries(security)
      .filter(([name, value]) => name.startsWith("x-") && isObject(value) && typeof value.status === "number")
      .map(([name, value]) => ({ name, status: (value as Json).status as number, body: (value as Json).body }));
    const server = document.servers?.[0]?.url ?? "/";
    this.endpoint = server.replace(/^[a-z]+:\/\/[^/]*/i, "").replace(/\/+$/, "") || "/";
  }

  /** The method called by this name or one of its aliases. */
  method(name: string): { method: MethodObject; index: number } | undefined {
    return this.byName.get(name);
  }

  /** The codes of the errors a method declares. */
  errorCodes(method: MethodObject): number[] {
    return (method.errors ?? []).flatMap((error) => deref<OpenRpcErrorObject>(this.document, error)?.code ?? []);
  }

  inspect({ request, response }: Exchange): ExchangeInspection {
    const violations: Violation[] = [];
    const exercised: ExchangeInspection["exercised"] = [];
    const url = requestUrl(request.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path !== this.endpoint && !path.endsWith(this.endpoint)) {
      const operation = `${request.method.toUpperCase()} ${url.pathname}`;
      const problem = `matches no operation: the JSON-RPC endpoint is ${this.endpoint}`;
      return {
        operation: undefined,
        route: undefined,
        violations: [{ operation, place: "request", problem }],
        exercised,
      };
    }
    const sent = this.calls(request);
    const names = sent.kind === "unreadable" ? [] : sent.calls.map((call) => this.nameOf(call));
    const label = sent.kind === "batch" ? `batch of ${sent.calls.length}` : (names[0] ?? "(unreadable request)");
    const add = (operation: string, place: string, problem: string, value?: unknown) =>
      violations.push(value === undefined ? { operation, place, problem } : { operation, place, problem, value });
    const result = (): ExchangeInspection => ({
      operation: sent.kind === "unreadable" ? undefined : [...new Set(names)].join(", "),
      route: `${request.method.toUpperCase()} ${this.endpoint}`,
      violations,
      exercised,
    });

    if (response.status !== 200) {
      const refusal = this.refusals.find((candidate) => candidate.status === response.status);
      if (!refusal) {
        const declared = this.refusals.map((r) => `${r.status} (${r.name})`).join(", ") || "none";
        add(
          label,
          "status",
          `is not 200, which every JSON-RPC answer comes with, nor an HTTP refusal the document declares (${declared})`,
          response.status,
        );
        return result();
      }
      // A refusal the document words as JSON comes labelled as JSON.
      const refusalType = new HeaderMap(response.headers).get("content-type");
      if (typeof refusal.body !== "string" && !isJsonMediaType(parseMediaType(refusalType)?.type ?? "")) {
        add(label, "header Content-Type", `is not JSON, as the document's HTTP ${refusal.status} body is`, refusalType);
      }
      if (response.bodyOmitted) return result();
      const decoded = bodyText(response.body);
      let body: unknown = "text" in decoded ? decoded.text : undefined;
      try {
        body = JSON.parse(String(body));
      } catch {
        // Compared as the text it is.
      }
      if (!isDeepStrictEqual(body, refusal.body)) {
        add(
          label,
          "body",
          `is not the body the document declares for HTTP ${refusal.status} (${refusal.name}: ${shown(refusal.body)})`,
          body,
        );
      }
      return result();
    }
    if (response.bodyOmitted) return result();

    const allNotifications =
      sent.kind !== "unreadable" && sent.calls.length > 0 && sent.calls.every((call) => call.id === undefined);
    if (isEmptyBody(response.body)) {
      if (!allNotifications) add(label, "body", "is empty, but the request has calls to answer");
      return result();
    }
    const contentType = new HeaderMap(response.headers).get("content-type");
    const type = parseMediaType(contentType);
    if (contentType === undefined) {
      add(label, "header Content-Type", "is missing; a JSON-RPC answer is application/json");
      return result();
    }
    if (type?.type !== "application/json") {
      add(label, "header Content-Type", "must be application/json for a JSON-RPC answer", contentType);
      return result();
    }
    const charset = type.params.charset;
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      add(
        label,
        "header Content-Type",
        "names a charset other than UTF-8, which JSON must be in (RFC 8259)",
        contentType,
      );
      return result();
    }
    const decoded = bodyText(response.body);
    if ("error" in decoded) {
      add(label, "body", decoded.error);
      return result();
    }
    let answer: unknown;
    try {
      answer = JSON.parse(decoded.text);
    } catch (error) {
      add(label, "body", `is not valid JSON: ${(error as Error).message}`, decoded.text.slice(0, 200));
      return result();
    }

    const check = (
      call: Call | undefined,
      one: unknown,
      prefix: string,
      operation = call ? this.nameOf(call) : label,
    ) => this.answerViolations(call, one, { operation, prefix, add, exercised });
    if (sent.kind === "unreadable") {
      // The server could not read the request: one parse error, whatever the request was meant to be.
      check(undefined, answer, "");
      if (isObject(answer) && isObject(answer.error) && answer.error.code !== this.parseErrorCode) {
        add(
          label,
          "error code",
          `must be ${this.parseErrorCode} (parse error): the request is not JSON`,
          answer.error.code,
        );
      }
      return result();
    }
    if (sent.kind === "single") {
      if (Array.isArray(answer)) add(label, "body", "is an array, but the request is a single call", shown(answer));
      else check(sent.calls[0], answer, "");
      return result();
    }

    // A batch: one answer per call with an id, matched by id.
    if (!Array.isArray(answer)) {
      // Refused whole (empty, or too long): one protocol error without an id.
      check(undefined, answer, "");
      if (sent.calls.length > 0 && !(isObject(answer) && isObject(answer.error))) {
        add(label, "body", "is not an array, but the request is a batch");
      }
      return result();
    }
    const aligned = answer.length === sent.calls.length;
    const used = new Set<number>();
    for (const [i, call] of sent.calls.entries()) {
      if (call.id === undefined) continue;
      const matches = answer.flatMap((one, j) => (isObject(one) && this.sameId(call, one.id) ? [j] : []));
      const j =
        matches.find((candidate) => !used.has(candidate)) ??
        (aligned && isObject(answer[i]) && answer[i]!.id === null ? i : undefined);
      if (j === undefined) {
        add(this.nameOf(call), `batch[${i}]`, `has no answer with its id ${shown(call.id)}`);
        continue;
      }
      used.add(j);
      check(call, answer[j], `batch[${i}] `);
    }
    for (const [j, one] of answer.entries()) {
      if (used.has(j)) continue;
      const call = aligned ? sent.calls[j] : undefined;
      const name = call ? this.nameOf(call) : label;
      if (one === null) {
        if (!call || call.id !== undefined)
          add(name, `answer[${j}]`, "is null, which only a notification's slot may be");
        continue;
      }
      if (isObject(one) && (one.id === null || one.id === undefined || one.id === 0)) {
        // An answer the server could not tie to an id: a protocol error for that slot.
        check(call?.id === undefined ? call : undefined, one, `answer[${j}] `, name);
        continue;
      }
      add(name, `answer[${j}]`, "answers no call of the batch (its id matches none)", isObject(one) ? one.id : one);
    }
    return result();
  }

  /** The calls a request carries, by its form. */
  private calls(request: Exchange["request"]): { kind: "single" | "batch"; calls: Call[] } | { kind: "unreadable" } {
    if (request.method.toUpperCase() === "GET") {
      const query = requestUrl(request.url).searchParams;
      const id = query.get("id");
      return {
        kind: "single",
        calls: [{ method: query.get("method") ?? undefined, id: id ?? undefined, idIsText: true }],
      };
    }
    const decoded = bodyText(request.body);
    let payload: unknown;
    try {
      payload = JSON.parse("text" in decoded ? decoded.text : "");
    } catch {
      return { kind: "unreadable" };
    }
    const toCall = (item: unknown): Call => ({
      method: isObject(item) && typeof item.method === "string" ? item.method : undefined,
      // The servers take an id of null for a notification too.
      id: isObject(item) && item.id !== null ? item.id : undefined,
      idIsText: false,
    });
    return Array.isArray(payload)
      ? { kind: "batch", calls: payload.map(toCall) }
      : { kind: "single", calls: [toCall(payload)] };
  }

  /** A call's method by the document's name for it (aliases resolved), else as called. */
  private nameOf(call: Call): string {
    if (call.method === undefined) return "(no method)";
    return this.byName.get(call.method)?.method.name ?? call.method;
  }

  private sameId(call: Call, id: unknown): boolean {
    if (call.idIsText) return id !== null && id !== undefined && String(id) === call.id;
    return isDeepStrictEqual(id, call.id);
  }

  /** The problems of one response object, answering `call` (undefined: a request the server could not read). */
  private answerViolations(
    call: Call | undefined,
    answer: unknown,
    into: {
      operation: string;
      /** Before each place: where the answer stands in a batch. */
      prefix: string;
      add: (operation: string, place: string, problem: string, value?: unknown) => void;
      exercised: ExchangeInspection["exercised"];
    },
  ): void {
    const { operation, prefix, add, exercised } = into;
    const found = call?.method === undefined ? undefined : this.byName.get(call.method);
    if (!isObject(answer)) {
      add(operation, `${prefix}envelope`, "is not a JSON-RPC response object", answer);
      return;
    }
    if (!("jsonrpc" in answer)) add(operation, `${prefix}envelope jsonrpc`, 'is missing (it must be "2.0")');
    else if (answer.jsonrpc !== "2.0") add(operation, `${prefix}envelope jsonrpc`, 'must be "2.0"', answer.jsonrpc);
    const hasResult = "result" in answer;
    const hasError = "error" in answer;
    if (hasResult === hasError) {
      add(
        operation,
        `${prefix}envelope`,
        hasResult ? "has both result and error" : "has neither result nor error",
        Object.keys(answer),
      );
      return;
    }
    const error = isObject(answer.error) ? answer.error : undefined;
    const isProtocolError = error !== undefined && this.protocolCodes.has(error.code as number);
    if (!("id" in answer)) add(operation, `${prefix}envelope id`, "is missing");
    else if (call === undefined || call.id === undefined) {
      // Nothing to echo: a request the server could not read, or a notification it refused.
      if (!isProtocolError || (answer.id !== null && answer.id !== 0)) {
        const what = call === undefined ? "an unreadable request" : "a notification";
        add(
          operation,
          `${prefix}envelope`,
          `answers ${what}, which only a protocol error with id null (or 0) may`,
          answer.id,
        );
      }
    } else if (!this.sameId(call, answer.id)) {
      // A server that could not read the id answers the protocol error with id null.
      const unreadId = isProtocolError && (answer.id === null || answer.id === 0);
      if (!unreadId)
        add(operation, `${prefix}envelope id`, `does not echo the request's id ${shown(call.id)}`, answer.id);
    }

    if (hasError) {
      if (!error) {
        add(operation, `${prefix}error`, "must be an object with code and message", answer.error);
        return;
      }
      const { code, message } = error;
      if (typeof code !== "number" || !Number.isInteger(code))
        add(operation, `${prefix}error code`, "must be an integer", code);
      if (typeof message !== "string") add(operation, `${prefix}error message`, "must be a string", message ?? null);
      if (this.dataRequired && !("data" in error)) {
        add(
          operation,
          `${prefix}error data`,
          "is missing: every error the document declares carries data (null when there is nothing to add)",
        );
      }
      if (typeof code !== "number") return;
      const declared = found ? this.errorCodes(found.method) : [];
      if (!this.protocolCodes.has(code) && !declared.includes(code)) {
        const known = [...new Set([...this.protocolCodes.keys(), ...declared])].join(", ");
        const whose = found ? `${found.method.name} declares` : "the document's protocol errors are";
        add(
          operation,
          `${prefix}error code`,
          `is not an error ${found ? "it declares" : "of the protocol"} (${whose} ${known})`,
          code,
        );
      }
      if (found) exercised.push({ operation: found.method.name, status: code });
      return;
    }
    if (!found) {
      add(operation, `${prefix}result`, "answers a method the document does not have", answer.result);
      return;
    }
    if (found.method.result) {
      const validate = this.validators.at(["methods", found.index, "result", "schema"]);
      for (const problem of schemaProblems(validate, answer.result))
        add(operation, placeIn(`${prefix}result`, problem.at), problem.problem, problem.value);
    }
    exercised.push({ operation: found.method.name, status: 200 });
  }
}
