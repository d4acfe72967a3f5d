// A response body's Content-Encoding undone as it arrives, as Node's fetch (undici 6) undoes
// it: gzip, x-gzip, deflate (zlib-wrapped or raw, as its first byte says) and br, the last
// applied first; nothing at all when one of the codings is another (the body is then handed
// over as it came). A body cut short gives what it holds, as through fetch.
import type { Transform } from "node:stream";
import { tooLarge } from "./failure.js";

export type Zlib = typeof import("node:zlib");

// undici's fetch refuses a response with more codings than this (layers of decompression bombs).
const MAX_CODINGS = 5;

/** The codings to undo, the last applied first; empty when the body is handed over as it came. */
export function codingsOf(header: string | null): string[] {
  if (header === null) return [];
  const named = header.toLowerCase().split(",");
  if (named.length > MAX_CODINGS)
    throw new Error(`too many content-encodings in response: ${named.length}, maximum allowed is ${MAX_CODINGS}`);
  const codings: string[] = [];
  for (let i = named.length - 1; i >= 0; i--) {
    const coding = (named[i] as string).trim();
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "deflate" && coding !== "br") return [];
    codings.push(coding);
  }
  return codings;
}

/** Where a layer's output goes: the next layer, or the decoded body. */
interface Sink {
  write(chunk: Buffer): void;
  end(): void;
  fail(error: unknown): void;
}

/** One coding undone: its stream is made on its first bytes, which say which deflate it is. */
class Layer implements Sink {
  stream: Transform | undefined;

  constructor(
    private readonly zlib: Zlib,
    private readonly coding: string,
    private readonly next: Sink,
  ) {}

  /** False when the stream wants no more until it drains. */
  write(chunk: Buffer): boolean {
    this.stream ??= this.open(chunk[0] ?? 0);
    return this.stream.write(chunk);
  }

  end(): void {
    if (this.stream) this.stream.end();
    else this.next.end(); // no bytes: nothing to undo
  }

  fail(error: unknown): void {
    this.next.fail(error);
  }

  private open(firstByte: number): Transform {
    const { zlib } = this;
    let stream: Transform;
    if (this.coding === "br") {
      const flush = zlib.constants.BROTLI_OPERATION_FLUSH;
      stream = zlib.createBrotliDecompress({ flush, finishFlush: flush });
    } else {
      const flush = zlib.constants.Z_SYNC_FLUSH;
      const options = { flush, finishFlush: flush };
      if (this.coding !== "deflate") stream = zlib.createGunzip(options);
      else if ((firstByte & 0x0f) === 0x08) stream = zlib.createInflate(options);
      else stream = zlib.createInflateRaw(options);
    }
    stream.on("data", (chunk: Buffer) => this.next.write(chunk));
    stream.on("end", () => this.next.end());
    stream.on("error", (error) => this.next.fail(error));
    return stream;
  }
}

/**
 * Undoes `codings` (see `codingsOf`) as the body comes, holding the decoded body to `limit`
 * bytes: `done` gets it whole; `failed` a zlib error, or `too-large` once it passes the limit.
 */
export class Decoding {
  private readonly layers: Layer[] = [];
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private over = false;

  constructor(
    zlib: Zlib,
    codings: string[],
    private readonly limit: number,
    private readonly done: (body: Buffer) => void,
    private readonly failed: (error: unknown) => void,
  ) {
    let next: Sink = {
      write: (chunk) => this.collect(chunk),
      end: () => {
        if (!this.over) this.done(Buffer.concat(this.chunks));
      },
      fail: (error) => this.fail(error),
    };
    for (let i = codings.length - 1; i >= 0; i--) {
      const layer = new Layer(zlib, codings[i] as string, next);
      this.layers.unshift(layer);
      next = layer;
    }
  }

  /** Takes the next bytes of the body: false when they should pause until `onDrain`. */
  write(chunk: Buffer): boolean {
    return (this.layers[0] as Layer).write(chunk);
  }

  onDrain(resume: () => void): void {
    this.layers[0]?.stream?.once("drain", resume);
  }

  end(): void {
    (this.layers[0] as Layer).end();
  }

  destroy(): void {
    this.over = true;
    for (const layer of this.layers) layer.stream?.destroy();
  }

  private collect(chunk: Buffer): void {
    if (this.over) return;
    this.size += chunk.length;
    if (this.size > this.limit) this.fail(tooLarge("holds", this.limit));
    else this.chunks.push(chunk);
  }

  private fail(error: unknown): void {
    if (this.over) return;
    this.destroy();
    this.failed(error);
  }
}
