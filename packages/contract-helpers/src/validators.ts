// Ajv validators for the schemas of a contract, compiled once each. The whole document is
// registered with Ajv as one schema resource, so a validator is just a reference to a place
// in it and every `$ref` between the contract's schemas resolves as written.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { type ContractDocument, isOpenRpc } from "./documents.js";
import { encodePointer, locate, type Segments, valueAt } from "./pointer.js";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const DOCUMENT_ID = "urn:leanapis:contract";
/** OpenAPI's own schema keywords: known, with no meaning for validation. */
const OPENAPI_KEYWORDS = ["example", "discriminator", "xml", "externalDocs"];

export type { ErrorObject, ValidateFunction } from "ajv";

export class SchemaValidators {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: ContractDocument) {
    // No meta-schema validation here: the lint does it, and on a whole contract it costs most of the start-up.
    const options: Options = {
      allErrors: true,
      allowUnionTypes: true,
      strictRequired: false,
      strictTypes: false,
      validateSchema: false,
    };
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; OpenRPC 1.x ones are draft-07.
    this.ajv = isOpenRpc(document) ? new Ajv({ ...options, strict: false }) : new Ajv2020({ ...options, strict: true });
    if (!isOpenRpc(document)) this.ajv.addVocabulary(OPENAPI_KEYWORDS);
    // Ajv compiles the document's root when it resolves a reference into it: its members
    // (openapi, info, paths, …) become keywords without meaning.
    this.ajv.addVocabulary(Object.keys(document).filter((key) => !this.ajv.getKeyword(key)));
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, DOCUMENT_ID);
  }

  /** The validator of the schema at `segments`, references along the way followed. */
  at(segments: Segments): ValidateFunction {
    const place = locate(this.document, segments);
    if (!place || typeof valueAt(this.document, place) !== "object") {
      throw new Error(`The contract has no schema at ${encodePointer(segments)}`);
    }
    const fragment = place
      .map((part) => `/${encodeURIComponent(part.replace(/~/g, "~0").replace(/\//g, "~1"))}`)
      .join("");
    let validate = this.compiled.get(fragment);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
      this.compiled.set(fragment, validate);
    }
    return validate;
  }

  /**
   * The validator of the schema at `segments`, compiled on its first call (once): a server
   * that holds hundreds of validators starts at once, and each operation pays on first use.
   */
  lazy(segments: Segments): ValidateFunction {
    if (!locate(this.document, segments)) throw new Error(`The contract has no schema at ${encodePointer(segments)}`);
    let compiled: ValidateFunction | undefined;
    const validate = ((value: unknown) => {
      compiled ??= this.at(segments);
      const valid = compiled(value) as boolean;
      validate.errors = compiled.errors;
      return valid;
    }) as ValidateFunction;
    return validate;
  }

  /** Validates `value` against the schema at `segments`; the problems, one line each (empty when valid). */
  problems(segments: Segments, value: unknown): string[] {
    const validate = this.at(segments);
    return validate(value) ? [] : describeErrors(validate.errors ?? [], value);
  }
}

/** One line per Ajv error: where in the value, what is wrong, and the offending value. */
export function describeErrors(errors: readonly ErrorObject[], value: unknown): string[] {
  return errors.map((error) => {
    const at = error.instancePath
      .split("/")
      .slice(1)
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
    const offending = JSON.stringify(valueAt(value, at)) ?? "undefined";
    return `at ${error.instancePath || "/"}: ${error.message ?? error.keyword} (${JSON.stringify(error.params)}); value: ${offending}`;
  });
}
