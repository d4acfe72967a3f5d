// The APIs the site documents: every API of the registry, each with a reference page and,
// when quickstart/<id>.ts exists, a client quick start. A new API in the registry therefore
// gets its reference page without any change here.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ContractDocument } from "@leanapis/contract-helpers";
import { APIS, type Api } from "@leanapis/registry";

const QUICKSTARTS = fileURLToPath(new URL("../quickstart/", import.meta.url));

export interface DocumentedApi {
  readonly api: Api;
  /** The reference page: `<slug>.html`. */
  readonly page: string;
  /** The quick-start page (`quickstart-<slug>.html`) and the snippet it shows; none without a snippet. */
  readonly quickstart: { readonly page: string; readonly snippet: string } | undefined;
}

/** A documented API with what the pages show about its contract. */
export interface BuiltApi<Document extends ContractDocument = ContractDocument> extends DocumentedApi {
  readonly document: Document;
  /** The day the contract last changed. */
  readonly date: string;
}

/** Every API of the registry, in its order; quick starts are looked up in `quickstarts`. */
export function documentedApis(quickstarts: string = QUICKSTARTS): DocumentedApi[] {
  return APIS.map((api) => {
    const snippet = join(quickstarts, `${api.id}.ts`);
    return {
      api,
      page: `${api.docs.slug}.html`,
      quickstart: existsSync(snippet) ? { page: `quickstart-${api.docs.slug}.html`, snippet } : undefined,
    };
  });
}

/** The local mock's origin: what a client's `baseUrl` is set to (the Leantime client adds its endpoint). */
export function mockUrl(api: Api): string {
  return `http://127.0.0.1:${api.mock.port}`;
}
