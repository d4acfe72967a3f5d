// Reads one Leantime service class (app/Domain/<Module>/Services/<Service>.php) with a PHP
// parser: its public methods, their parameters (PHP type, default, docblock type and text),
// return type, docblock and attributes, as the JSON-RPC controller sees them through reflection.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Engine } = require("php-parser") as typeof import("php-parser");
const engine = new Engine({
  parser: { php8: true, extractDoc: true, suppressErrors: false },
  ast: { withPositions: true },
});

/** A case of a PHP enum: its name, and its value when the enum is backed. */
export interface PhpEnumCase {
  name: string;
  value?: string | number;
}

/** A parameter or return type as declared in PHP; `enumCases` when the class is an enum. */
export type PhpType =
  | { kind: "named"; name: string; nullable: boolean; builtin: boolean; enumCases?: PhpEnumCase[] }
  | { kind: "union"; names: string[]; nullable: boolean }
  | { kind: "none" };

/** A default value: as JSON when it is a literal, else the PHP expression it is. */
export type PhpDefault = { json: unknown } | { php: string };

export interface PhpParameter {
  name: string;
  type: PhpType;
  default?: PhpDefault;
  variadic: boolean;
  /** The docblock's `@param` type and text. */
  docType?: string;
  docText?: string;
}

export interface PhpMethod {
  name: string;
  line: number;
  visibility: "public" | "protected" | "private";
  isStatic: boolean;
  isAbstract: boolean;
  /** The docblock as written, or undefined. */
  docblock?: string;
  /** The controller's own test: a docblock line that starts with `* @api`. */
  api: boolean;
  summary?: string;
  description?: string;
  params: PhpParameter[];
  returns: PhpType;
  returnDoc?: string;
  /** Attributes on the method, by short name, with their arguments' source text. */
  attributes: { name: string; args: string }[];
}

export interface PhpService {
  namespace: string;
  className: string;
  isClass: boolean;
  isAbstract: boolean;
  /** Class-level attributes (a class-wide #[RequiresPlugin]). */
  attributes: { name: string; args: string }[];
  methods: PhpMethod[];
}

// Minimal shapes of the php-parser nodes read here.
interface Loc {
  start: { line: number; offset: number };
  end: { offset: number };
}
interface Node {
  kind: string;
  loc?: Loc;
  [key: string]: unknown;
}

const BUILTIN = new Set([
  "int",
  "float",
  "string",
  "bool",
  "array",
  "mixed",
  "object",
  "callable",
  "iterable",
  "void",
  "null",
  "false",
  "true",
  "never",
  "static",
  "self",
]);

function typeName(node: Node, uses: Map<string, string>, namespace: string): string {
  const name = String(node.name);
  if (node.kind === "typereference") return name.toLowerCase();
  if (node.resolution === "fqn") return name.replace(/^\\/, "");
  const [head, ...rest] = name.split("\\");
  const imported = uses.get(head!.toLowerCase());
  if (imported) return [imported, ...rest].join("\\");
  return `${namespace}\\${name}`;
}

function phpType(node: Node | null, nullable: boolean, uses: Map<string, string>, namespace: string): PhpType {
  if (!node) return { kind: "none" };
  if (node.kind === "uniontype") {
    const names = (node.types as Node[]).map((t) => typeName(t, uses, namespace));
    const withoutNull = names.filter((n) => n !== "null");
    if (withoutNull.length === 1) {
      return { kind: "named", name: withoutNull[0]!, nullable: true, builtin: BUILTIN.has(withoutNull[0]!) };
    }
    return { kind: "union", names: withoutNull, nullable: nullable || names.includes("null") };
  }
  if (node.kind === "intersectiontype") {
    return { kind: "union", names: (node.types as Node[]).map((t) => typeName(t, uses, namespace)), nullable };
  }
  const name = typeName(node, uses, namespace);
  return { kind: "named", name, nullable: nullable || name === "mixed" || name === "null", builtin: BUILTIN.has(name) };
}

function literal(node: Node): { json: unknown } | undefined {
  switch (node.kind) {
    case "nullkeyword":
      return { json: null };
    case "boolean":
      return { json: node.value };
    case "number":
      return { json: Number(node.value) };
    case "string":
      return { json: node.value };
    case "unary": {
      const inner = literal(node.what as Node);
      if (node.type === "-" && inner && typeof inner.json === "number") return { json: -inner.json };
      return undefined;
    }
    case "array": {
      const items = node.items as Node[];
      const entries = items.map((item) => ({ key: item.key as Node | null, value: literal(item.value as Node) }));
      if (entries.some((e) => !e.value)) return undefined;
      if (entries.every((e) => e.key === null)) return { json: entries.map((e) => e.value!.json) };
      const keyed: Record<string, unknown> = {};
      for (const [i, e] of entries.entries()) {
        const key = e.key ? literal(e.key)?.json : i;
        if (key === undefined) return undefined;
        keyed[String(key)] = e.value!.json;
      }
      return { json: keyed };
    }
    default:
      return undefined;
  }
}

const sourceOf = (source: string, node: Node) =>
  node.loc ? source.slice(node.loc.start.offset, node.loc.end.offset) : "";

/** The text of a docblock, its tags apart: summary (first paragraph), description, and tags. */
export function readDocblock(docblock: string): {
  summary?: string;
  description?: string;
  tags: { tag: string; text: string }[];
} {
  const lines = docblock
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\*?\s?/, "").trimEnd());
  const text: string[] = [];
  const tags: { tag: string; text: string }[] = [];
  for (const line of lines) {
    const tag = /^@(\w[\w-]*)\s*(.*)$/.exec(line.trim());
    if (tag) tags.push({ tag: tag[1]!, text: tag[2]! });
    else if (tags.length > 0 && line.trim() !== "") tags[tags.length - 1]!.text += ` ${line.trim()}`;
    else if (tags.length === 0) text.push(line.trim());
  }
  const paragraphs = text
    .join("\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter((p) => p !== "");
  return { summary: paragraphs[0], description: paragraphs.slice(1).join("\n\n") || undefined, tags };
}

function attributesOf(groups: Node[], source: string) {
  return groups.flatMap((group) =>
    (group.attrs as Node[]).map((attr) => ({
      name: String(attr.name).split("\\").pop()!,
      args: (attr.args as Node[]).map((arg) => sourceOf(source, arg)).join(", "),
    })),
  );
}

function docblockOf(method: Node): string | undefined {
  const comments = [
    ...((method.leadingComments as Node[] | undefined) ?? []),
    ...((method.attrGroups as Node[]).flatMap((g) => (g.leadingComments as Node[] | undefined) ?? []) ?? []),
  ];
  const block = comments.filter((c) => c.kind === "commentblock" && String(c.value).startsWith("/**")).pop();
  return block ? String(block.value) : undefined;
}

/** The file PSR-4 autoloading reads a class from (namespace `Leantime\` is `app/`); undefined outside Leantime. */
export function classFile(className: string): string | undefined {
  const match = /^Leantime\\(.+)$/.exec(className);
  return match ? `app/${match[1]!.replaceAll("\\", "/")}.php` : undefined;
}

/** The cases of the enum a file declares; undefined when it declares something else. */
export function readEnum(source: string, file: string): PhpEnumCase[] | undefined {
  // Only a file that declares an enum is parsed: the other class files need not be parseable.
  if (!/^\s*enum\s/m.test(source)) return undefined;
  const program = engine.parseCode(source, file) as unknown as Node;
  const namespaceNode = (program.children as Node[]).find((c) => c.kind === "namespace");
  const body = (namespaceNode?.children as Node[] | undefined) ?? (program.children as Node[]);
  const declaration = body.find((c) => ["class", "trait", "interface", "enum"].includes(c.kind));
  if (declaration?.kind !== "enum") return undefined;
  return (declaration.body as Node[])
    .filter((member) => member.kind === "enumcase")
    .map((member) => {
      const value = member.value ? literal(member.value as Node)?.json : undefined;
      const name = String((member.name as Node).name);
      return typeof value === "string" || typeof value === "number" ? { name, value } : { name };
    });
}

/** Parses the source of one service file; throws with the file name on a syntax error. */
export function readService(source: string, file: string): PhpService | undefined {
  const program = engine.parseCode(source, file) as unknown as Node;
  const namespaceNode = (program.children as Node[]).find((c) => c.kind === "namespace");
  const body = (namespaceNode?.children as Node[] | undefined) ?? (program.children as Node[]);
  const namespace = namespaceNode ? String(namespaceNode.name) : "";
  const uses = new Map<string, string>();
  for (const group of body.filter((c) => c.kind === "usegroup")) {
    for (const item of group.items as Node[]) {
      const name = String(item.name).replace(/^\\/, "");
      const alias = (item.alias as Node | null)?.name ?? name.split("\\").pop();
      uses.set(String(alias).toLowerCase(), name);
    }
  }
  const declaration = body.find((c) => ["class", "trait", "interface", "enum"].includes(c.kind));
  if (!declaration) return undefined;
  const methods: PhpMethod[] = [];
  for (const member of (declaration.body as Node[]).filter((m) => m.kind === "method")) {
    const docblock = docblockOf(member);
    const doc = docblock ? readDocblock(docblock) : { tags: [] };
    const paramDocs = new Map<string, { type: string; text: string }>();
    for (const { tag, text } of doc.tags) {
      const match = tag === "param" ? /^(\S+)?\s*\.{0,3}\$(\w+)\s*(.*)$/.exec(text) : null;
      if (match) paramDocs.set(match[2]!, { type: match[1] ?? "", text: match[3]!.replace(/^-\s*/, "").trim() });
    }
    const returnTag = doc.tags.find((t) => t.tag === "return");
    methods.push({
      name: String((member.name as Node).name),
      line: member.loc!.start.line,
      visibility: ((member.visibility as string) || "public") as PhpMethod["visibility"],
      isStatic: Boolean(member.isStatic),
      isAbstract: Boolean(member.isAbstract),
      docblock,
      api: docblock !== undefined && /^\s*\*\s*@api\b/m.test(docblock),
      summary: doc.summary,
      description: doc.description,
      params: (member.arguments as Node[]).map((param) => {
        const name = String((param.name as Node).name);
        const value = param.value as Node | null;
        const defaultValue: PhpDefault | undefined = value
          ? (literal(value) ?? { php: sourceOf(source, value) })
          : undefined;
        // An untyped or class-typed parameter with a null default is implicitly nullable.
        const implicitNull = defaultValue !== undefined && "json" in defaultValue && defaultValue.json === null;
        const documented = paramDocs.get(name);
        return {
          name,
          type: phpType(param.type as Node | null, Boolean(param.nullable) || implicitNull, uses, namespace),
          ...(defaultValue ? { default: defaultValue } : {}),
          variadic: Boolean(param.variadic),
          ...(documented?.type ? { docType: documented.type } : {}),
          ...(documented?.text ? { docText: documented.text } : {}),
        };
      }),
      returns: phpType(member.type as Node | null, Boolean(member.nullable), uses, namespace),
      ...(returnTag ? { returnDoc: returnTag.text } : {}),
      attributes: attributesOf((member.attrGroups as Node[]) ?? [], source),
    });
  }
  return {
    namespace,
    className: String((declaration.name as Node).name),
    isClass: declaration.kind === "class",
    isAbstract: Boolean(declaration.isAbstract),
    attributes: attributesOf((declaration.attrGroups as Node[]) ?? [], source),
    methods,
  };
}
