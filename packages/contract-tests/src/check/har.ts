// HAR 1.2 files (what browsers, proxies and HTTP tools record) as exchanges for the checker.
import { readFileSync } from "node:fs";
import type { Entry, Har } from "har-format";
import type { Exchange } from "./exchange.js";

/** A HAR file the command cannot read: missing, not JSON, or not HAR. */
export class HarError extends Error {
  override name = "HarError";
}

export interface HarExchange {
  /** The entry's position in the file, from 1. */
  entry: number;
  exchange: Exchange;
  /** Why the entry cannot be checked (no response was recorded); absent when it can. */
  skipped?: string;
}

export function readHar(file: string): Har {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new HarError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch (error) {
    throw new HarError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const entries = (har as Partial<Har> | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new HarError(`${file} is not a HAR file: it has no log.entries list`);
  return har as Har;
}

/** Each entry of a HAR log as an exchange; bodies recorded as base64 (`content.encoding`) come as bytes. */
export function harExchanges(har: Har): HarExchange[] {
  return har.log.entries.map((entry, index) => fromEntry(entry, index + 1));
}

function fromEntry(entry: Entry, position: number): HarExchange {
  const { request, response } = entry;
  const postData = request?.postData;
  const requestBody =
    postData?.text ??
    (postData?.params
      ? new URLSearchParams(postData.params.map((p) => [p.name, p.value ?? ""])).toString()
      : undefined);
  const content = response?.content;
  const headers = [...(response?.headers ?? [])];
  // A recorder that kept no Content-Type header still records the body's type.
  if (content?.mimeType && !headers.some((h) => h.name.toLowerCase() === "content-type")) {
    headers.push({ name: "Content-Type", value: content.mimeType });
  }
  const body =
    content?.text === undefined
      ? undefined
      : content.encoding === "base64"
        ? new Uint8Array(Buffer.from(content.text, "base64"))
        : content.text;
  const exchange: Exchange = {
    request: {
      method: request?.method ?? "GET",
      url: request?.url ?? "/",
      headers: request?.headers ?? [],
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
    response: {
      status: response?.status ?? 0,
      headers,
      ...(body === undefined ? {} : { body }),
      // A body the recorder left out (its size says there was one) is not checked.
      ...(body === undefined && (content?.size ?? 0) > 0 ? { bodyOmitted: true } : {}),
    },
  };
  const skipped = response?.status ? undefined : "no response was recorded";
  return skipped ? { entry: position, exchange, skipped } : { entry: position, exchange };
}
