import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { API_IDS, APIS } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { buildArtifacts } from "./artifacts.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("buildArtifacts", () => {
  const first = mkdtempSync(join(tmpdir(), "leanapis-artifacts-"));
  const second = mkdtempSync(join(tmpdir(), "leanapis-artifacts-"));
  const manifest = buildArtifacts(root, first);
  buildArtifacts(root, second);
  const openRpc = APIS.filter((api) => api.kind === "openrpc").map((api) => api.id);
  const openApi = APIS.filter((api) => api.kind === "openapi").map((api) => api.id);

  it("is reproducible: building twice gives byte-identical files", () => {
    const files = readdirSync(first).sort();
    expect(readdirSync(second).sort()).toEqual(files);
    for (const file of files)
      expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file))), file).toBe(true);
  });

  it("lists every API with its version, operation count and each artefact's SHA-256", () => {
    expect(manifest.map((m) => m.api)).toEqual([...API_IDS].sort((a, b) => a.localeCompare(b)));
    for (const { artifacts } of manifest) {
      for (const [name, hash] of Object.entries(artifacts)) {
        expect(
          createHash("sha256")
            .update(readFileSync(join(first, name)))
            .digest("hex"),
        ).toBe(hash);
      }
    }
    for (const api of openRpc) {
      const methods = JSON.parse(readFileSync(join(first, `${api}.openrpc.json`), "utf8")).methods;
      expect(manifest.find((m) => m.api === api)?.operations).toBe(methods.length);
    }
    expect(JSON.parse(readFileSync(join(first, "contracts.json"), "utf8")).contracts).toEqual(manifest);
  });

  it("writes OpenAPI contracts as single files and the OpenRPC ones without refs", () => {
    for (const api of openApi) {
      const document = JSON.parse(readFileSync(join(first, `${api}.openapi.json`), "utf8"));
      expect(JSON.stringify(document), api).not.toMatch(/"\$ref":"(?!#)/); // no reference leaves the file
      expect(readFileSync(join(first, `${api}.types.ts`), "utf8")).toContain("export interface paths");
    }
    for (const api of openRpc) expect(readFileSync(join(first, `${api}.openrpc.json`), "utf8")).not.toContain('"$ref"');
  });
});
