import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildArtifacts, dereference } from "../src/artifacts.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("buildArtifacts", () => {
  const first = mkdtempSync(join(tmpdir(), "leanapis-artifacts-"));
  const second = mkdtempSync(join(tmpdir(), "leanapis-artifacts-"));
  const manifest = buildArtifacts(root, first);
  buildArtifacts(root, second);

  it("is reproducible: building twice gives byte-identical files", () => {
    const files = readdirSync(first).sort();
    expect(readdirSync(second).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file))), file).toBe(true);
  });

  it("lists every API with its version, operation count and each artefact's SHA-256", () => {
    expect(manifest.map((m: { api: string }) => m.api)).toEqual(["leankit", "leanmote", "leantime", "reporting"]);
    for (const { artifacts } of manifest) {
      for (const [name, hash] of Object.entries(artifacts as Record<string, string>)) {
        expect(createHash("sha256").update(readFileSync(join(first, name))).digest("hex")).toBe(hash);
      }
    }
    const leantime = manifest.find((m: { api: string }) => m.api === "leantime");
    expect(leantime.operations).toBe(JSON.parse(readFileSync(join(first, "leantime.openrpc.json"), "utf8")).methods.length);
    expect(JSON.parse(readFileSync(join(first, "contracts.json"), "utf8")).contracts).toEqual(manifest);
  });

  it("writes OpenAPI contracts as single files and the OpenRPC one without refs", () => {
    const leankit = JSON.parse(readFileSync(join(first, "leankit.openapi.json"), "utf8"));
    expect(JSON.stringify(leankit)).not.toMatch(/"\$ref":"(?!#)/); // no reference leaves the file
    expect(readFileSync(join(first, "leantime.openrpc.json"), "utf8")).not.toContain('"$ref"');
    expect(readFileSync(join(first, "leankit.types.ts"), "utf8")).toContain("export interface paths");
  });
});

describe("dereference", () => {
  it("inlines local refs and keeps a cycle's ref", () => {
    const doc = { a: { $ref: "#/defs/A" }, defs: { A: { type: "object", properties: { self: { $ref: "#/defs/A" } } } } };
    expect(dereference(doc).a).toEqual({ type: "object", properties: { self: { $ref: "#/defs/A" } } });
  });
});
