/** What a response came with on the wire. */
export interface WireFields {
  status: number;
  statusText: string;
  headers: Headers;
}

/**
 * A Response made by the client that shows what came on the wire where a constructed
 * Response cannot hold it, as fetch's own does: the URL it answered, a reason phrase beyond
 * Latin-1, a status beyond 599 (not ok). Its clones show the same.
 */
export class WireResponse extends Response {
  readonly #url: string;
  readonly #status: number;
  readonly #statusText: string;

  constructor(body: BodyInit | null, { status, statusText, headers }: WireFields, url: string) {
    super(body, { status: status <= 599 ? status : 200, headers });
    this.#url = url;
    this.#status = status;
    this.#statusText = statusText;
  }

  // Response's own constructor reads these before this one's fields are set.

  override get url(): string {
    return #url in this ? this.#url : super.url;
  }

  override get status(): number {
    return #status in this ? this.#status : super.status;
  }

  override get ok(): boolean {
    return #status in this ? this.#status >= 200 && this.#status <= 299 : super.ok;
  }

  override get statusText(): string {
    return #statusText in this ? this.#statusText : super.statusText;
  }

  override clone(): WireResponse {
    const copy = super.clone();
    return new WireResponse(
      copy.body,
      { status: this.#status, statusText: this.#statusText, headers: copy.headers },
      this.#url,
    );
  }
}
