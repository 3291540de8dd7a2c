import { describe, expect, it } from "vitest";
import { isLoopbackHost, validateBaseUrl } from "../../../provider/http/url";

describe("validateBaseUrl", () => {
  it.each([
    ["https://x-api.rollout.io/public-api", "https://x-api.rollout.io/public-api"],
    ["https://api.rogerroger.io/", "https://api.rogerroger.io"],
    ["http://127.0.0.1:4101/public-api/", "http://127.0.0.1:4101/public-api"],
    ["http://localhost:4103/api/v1", "http://localhost:4103/api/v1"],
    ["http://[::1]:4104/api", "http://[::1]:4104/api"],
    ["http://127.8.9.10:80", "http://127.8.9.10"],
  ])("accepts %s", (url, normalized) => {
    expect(validateBaseUrl(url, "rollout:apiUrl")).toBe(normalized);
  });

  it("refuses plain http to a non-loopback host, naming the setting", () => {
    expect(() => validateBaseUrl("http://x-api.rollout.io/public-api", "rollout:apiUrl")).toThrow(
      /^rollout:apiUrl: 'http:\/\/x-api\.rollout\.io\/public-api' uses plain http:\/\/.*loopback/,
    );
    expect(() => validateBaseUrl("http://10.0.0.1/api", "outseta:apiUrl")).toThrow(/outseta:apiUrl/);
    expect(() => validateBaseUrl("http://128.0.0.1/api", "outseta:apiUrl")).toThrow(/plain http/);
    expect(() => validateBaseUrl("http://127.0.0.1.example.com/api", "outseta:apiUrl")).toThrow(/plain http/);
  });

  it.each([
    ["not a url", /not an absolute URL/],
    ["ftp://example.com/x", /must use https/],
    ["https://user:pw@example.com/x", /user name or password/],
    ["https://example.com/x?token=1", /query string/],
  ])("refuses %s", (url, message) => {
    expect(() => validateBaseUrl(url, "rogerroger:apiUrl")).toThrow(message);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST", true],
    ["api.localhost", true],
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["[::1]", true],
    ["::1", true],
    ["[::ffff:7f00:1]", true],
    ["localhost.example.com", false],
    ["10.0.0.1", false],
    ["0.0.0.0", false],
    ["[::2]", false],
  ])("%s -> %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
