// The site-wide search index, built with the site: every operation (OpenAPI) and method
// (OpenRPC) of every API, and the sections of each API's introduction (a paragraph led by a
// bold title, as "**Paging.** …"), each with the link that opens it in its reference page.
import {
  type ContractDocument,
  isOpenRpc,
  type MethodObject,
  openApiOperations,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import type { DocumentedApi } from "./apis.js";

export interface SearchEntry {
  /** What the result reads as: the summary, or the section's title. */
  readonly title: string;
  /** The API's title. */
  readonly api: string;
  readonly kind: "operation" | "method" | "section";
  /** A second line: `GET /io/board`, the method's name, or the section's first words. */
  readonly detail: string;
  /** The link, from the site's root. */
  readonly href: string;
  /** Lower-case text the query words are looked for in. */
  readonly text: string;
}

const firstSentence = (text = ""): string => (text.split(/(?<=\.)\s/)[0] ?? "").slice(0, 160);

/** The introduction's sections: paragraphs that open with a bold title. */
function introSections(description = ""): { title: string; body: string }[] {
  return description.split(/\n{2,}/).flatMap((paragraph) => {
    const lead = /^\*\*([^*]+?)\.?\*\*\s*(.*)$/s.exec(paragraph.trim());
    return lead ? [{ title: lead[1]!, body: lead[2]!.replace(/\s+/g, " ") }] : [];
  });
}

function entry(fields: Omit<SearchEntry, "text">, ...more: (string | undefined)[]): SearchEntry {
  const text = [fields.title, fields.detail, fields.api, ...more].join(" ").toLowerCase();
  return { ...fields, text };
}

/**
 * The entries of one API; `hrefs` says where its reference shows each operation or method
 * (operationId or method name → link), as the rendering placed them.
 */
export function searchEntries(
  documented: DocumentedApi,
  document: ContractDocument,
  hrefs: ReadonlyMap<string, string>,
): SearchEntry[] {
  const { api, page } = documented;
  const hrefOf = (id: string) => {
    const href = hrefs.get(id);
    if (!href) throw new Error(`${api.title}: ${id} is on no reference page`);
    return href;
  };
  const sections = introSections(document.info.description).map(({ title, body }) =>
    entry({ title, api: api.title, kind: "section", detail: body.slice(0, 160), href: page }, body),
  );
  if (isOpenRpc(document)) {
    const methods = openRpcMethods(document).map((method: MethodObject) => {
      const tag = (method.tags?.[0] as { name?: string } | undefined)?.name ?? "Other";
      const aliases: string[] = method["x-aliases"] ?? [];
      const href = hrefOf(method.name);
      const fields = {
        title: method.summary ?? method.name,
        api: api.title,
        kind: "method",
        detail: method.name,
        href,
      } as const;
      return entry(fields, tag, firstSentence(method.description), ...aliases);
    });
    return [...sections, ...methods];
  }
  const operations = openApiOperations(document).map(({ path, method, operation }) => {
    const tag = operation.tags?.[0] ?? "";
    const id = operation.operationId ?? "";
    const href = hrefOf(id);
    const detail = `${method.toUpperCase()} ${path}`;
    const fields = { title: operation.summary ?? id, api: api.title, kind: "operation", detail, href } as const;
    return entry(fields, tag, id, firstSentence(operation.description));
  });
  return [...sections, ...operations];
}
