// Which APIs a run covers and which credentials a live run sends, from the registry's variables.
import { describe, expect, it } from "vitest";
import { liveAuth, selectedApis } from "./targets.js";

describe("selectedApis", () => {
  it("reads the run's comma list in the registry's order, and all APIs without one", () => {
    expect(selectedApis({ LEANAPIS_CONTRACT_APIS: "leantime, leankit" })).toEqual(["leankit", "leantime"]);
    expect(selectedApis({})).toEqual(["leankit", "reporting", "leanmote", "leantime"]);
  });

  it("refuses an API the registry does not know, naming the known ones", () => {
    expect(() => selectedApis({ LEANAPIS_CONTRACT_APIS: "jira" })).toThrow(
      "Unknown API jira. Known: leankit, reporting, leanmote, leantime.",
    );
  });
});

describe("liveAuth", () => {
  it("gives LeanKit's token to every scheme but Basic, which gets the username and password", () => {
    const env = {
      LEANKIT_BASE_URL: "https://acme.leankit.com",
      LEANKIT_TOKEN: "t0ken",
      LEANKIT_USERNAME: "ada",
      LEANKIT_PASSWORD: "pw",
    };
    expect(liveAuth("leankit", env)).toEqual({
      baseUrl: "https://acme.leankit.com",
      auth: { bearerAuth: { token: "t0ken" }, basicAuth: { username: "ada", password: "pw" } },
    });
    // Without Basic credentials, the token is all there is.
    const { LEANKIT_USERNAME: _, ...tokenOnly } = env;
    expect(liveAuth("leankit", tokenOnly)?.auth.basicAuth).toEqual({ token: "t0ken" });
  });

  it("logs in to Reporting with the email and password, for every scheme", () => {
    const env = { REPORTING_BASE_URL: "https://acme.leankit.com", REPORTING_EMAIL: "a@b.c", REPORTING_PASSWORD: "pw" };
    const credentials = { credentials: { email: "a@b.c", password: "pw" } };
    expect(liveAuth("reporting", env)?.auth).toEqual({ bearerAuth: credentials, tokenQuery: credentials });
  });

  it("is undefined where the API runs against its mock, and refuses a base URL without credentials", () => {
    expect(liveAuth("leanmote", {})).toBeUndefined();
    expect(() => liveAuth("leantime", { LEANTIME_BASE_URL: "https://lt.example.com" })).toThrow(
      "LEANTIME_BASE_URL is set but LEANTIME_API_KEY is not.",
    );
  });
});
