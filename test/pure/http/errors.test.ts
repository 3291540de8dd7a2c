import { describe, expect, it } from "vitest";
import { policyOf } from "../../support/services";
import { ApiError, MAX_RAW_MESSAGE, OutcomeUnknownError, REDACTED, Redactor, extractApiMessage, redact, statusMessage } from "../../../provider/http/errors";

describe("redaction", () => {
  it("removes every configured secret, and its URL-encoded form", () => {
    expect(redact("token=abc/123 and abc%2F123 and abc/123", ["abc/123"])).toBe(`token=${REDACTED} and ${REDACTED} and ${REDACTED}`);
    expect(redact("nothing here", ["", "secret"])).toBe("nothing here");
  });

  it("removes the longest secret first", () => {
    expect(redact("key:secret-long", ["key", "key:secret-long"])).toBe(REDACTED);
  });

  it("learns credential values from auth headers, not ids", () => {
    const r = new Redactor();
    r.addHeaderValues({
      authorization: "Outseta dev-outseta-key:dev-outseta-secret",
      "x-api-key": "dev-rogerroger-key",
      "x-rollout-credential-id": "dev-credential",
    });
    const text = r.redact(
      "Authorization: Outseta dev-outseta-key:dev-outseta-secret; secret dev-outseta-secret; key dev-rogerroger-key; credential dev-credential",
    );
    expect(text).not.toMatch(/dev-outseta|dev-rogerroger/);
    expect(text).toContain("credential dev-credential");
  });

  it("redacts a bearer token whether or not the scheme is next to it", () => {
    const r = new Redactor(["static-secret"]);
    r.addHeaderValues({ Authorization: "Bearer eyJhbGciOiJIUzUxMiJ9.payload.sig" });
    expect(r.redact("got Bearer eyJhbGciOiJIUzUxMiJ9.payload.sig / eyJhbGciOiJIUzUxMiJ9.payload.sig / static-secret")).toBe(
      `got ${REDACTED} / ${REDACTED} / ${REDACTED}`,
    );
  });
});

describe("extractApiMessage, per service error shape", () => {
  it.each<[string, string, unknown, string]>([
    ["rollout", "{message}", { message: "User not found" }, "User not found"],
    [
      "rogerroger",
      "API Platform 4 violation list",
      {
        "@type": "ConstraintViolation",
        title: "An error occurred",
        detail: "familyName: This value should not be blank.",
        violations: [
          { propertyPath: "familyName", message: "This value should not be blank.", code: "c1" },
          { propertyPath: "emailAddresses[0].email", message: "This value is not a valid email address.", code: "c2" },
        ],
      },
      "familyName: This value should not be blank.; emailAddresses[0].email: This value is not a valid email address.",
    ],
    ["rogerroger", "problem detail", { "@type": "Error", title: "An error occurred", detail: "Not Found", status: 404 }, "Not Found"],
    ["rogerroger", "description only", { title: "An error occurred", description: "Invalid IRI" }, "Invalid IRI"],
    ["rogerroger", "API Platform 3 hydra", { "hydra:title": "An error occurred", "hydra:description": "Item not found for \"/tags/9\"." }, 'Item not found for "/tags/9".'],
    ["rogerroger", "authenticator 401", { code: 401, message: "Invalid API key." }, "Invalid API key."],
    [
      "outseta",
      "entity validation",
      {
        ErrorMessage: "Validation failed for one or more entities. See 'EntityValidationErrors' property for more details.",
        EntityValidationErrors: [
          { Entity: { Email: "x" }, TypeName: "Person", ValidationErrors: [{ ErrorCode: "outsetaError", ErrorMessage: "The Email field is not a valid e-mail address.", PropertyName: "Email" }] },
        ],
      },
      "Validation failed for one or more entities: Email: The Email field is not a valid e-mail address.",
    ],
    ["outseta", "ErrorMessage only", { ErrorMessage: "Could not convert hash abc to long", EntityValidationErrors: [] }, "Could not convert hash abc to long."],
    ["outseta", "ASP.NET default", { Message: "An error has occurred." }, "An error has occurred."],
    ["outseta", "flat validation error (OpenAPI spec)", { ErrorMessage: "Invalid company email", PropertyName: "Email" }, "Email: Invalid company email."],
    ["rolloutCrm", "{error}", { error: "Data for this credential is not ready yet" }, "Data for this credential is not ready yet"],
    ["rolloutCrm", "{message} fallback", { message: "Bad token" }, "Bad token"],
    ["someOtherService", "unknown service, known shape", { detail: "nope" }, "nope"],
  ])("%s: %s", (service, _shape, body, expected) => {
    expect(extractApiMessage(policyOf(service).errorMessages!, body, JSON.stringify(body))).toBe(expected);
  });

  it("falls back to a bounded slice of the raw text", () => {
    expect(extractApiMessage(policyOf("rollout").errorMessages!, undefined, "<html>\n <body>Bad   Gateway</body></html>")).toBe("<html> <body>Bad Gateway</body></html>");
    const long = extractApiMessage(policyOf("outseta").errorMessages!, { unrelated: true }, "x".repeat(5000));
    expect(long.length).toBe(MAX_RAW_MESSAGE + 1);
    expect(long.endsWith("…")).toBe(true);
    expect(extractApiMessage(policyOf("rollout").errorMessages!, undefined, "")).toBe("");
  });
});

describe("statusMessage", () => {
  const req = { service: "rogerroger", method: "PATCH", path: "/people/123" };

  it("reads service, method, path, status and the API's text", () => {
    expect(statusMessage({ ...req, status: 422, apiMessage: "familyName: This value should not be blank." })).toBe(
      "rogerroger: PATCH /people/123 failed with 422: familyName: This value should not be blank.",
    );
    expect(statusMessage({ ...req, status: 500, apiMessage: "" })).toBe("rogerroger: PATCH /people/123 failed with 500.");
    expect(statusMessage({ ...req, status: 404, apiMessage: "Not Found" })).toBe("rogerroger: PATCH /people/123 failed with 404: Not Found.");
  });

  it("says which credentials to check on 401 and 403", () => {
    const hint = "check rogerroger:apiKey / ROGERROGER_API_KEY";
    expect(statusMessage({ ...req, status: 401, apiMessage: "Invalid API key." }, hint)).toBe(
      "rogerroger: PATCH /people/123 failed with 401: Invalid API key. The rogerroger credentials were refused; check rogerroger:apiKey / ROGERROGER_API_KEY.",
    );
    expect(statusMessage({ ...req, status: 403, apiMessage: "" }, hint)).toBe(
      "rogerroger: PATCH /people/123 failed with 403. The rogerroger credentials are not allowed to do this; check rogerroger:apiKey / ROGERROGER_API_KEY.",
    );
  });
});

describe("error classes", () => {
  it("keep their fields and are distinguishable", () => {
    const e = new OutcomeUnknownError("m", { service: "outseta", method: "POST", path: "/crm/people", status: 0, apiMessage: "", outcomeUnknown: true });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(OutcomeUnknownError);
    expect(e.name).toBe("OutcomeUnknownError");
    expect([e.service, e.method, e.path, e.status, e.outcomeUnknown]).toEqual(["outseta", "POST", "/crm/people", 0, true]);
    const plain = new ApiError("m", { service: "rollout", method: "GET", path: "/users", status: 404, apiMessage: "x" });
    expect(plain.outcomeUnknown).toBe(false);
    expect(plain).not.toBeInstanceOf(OutcomeUnknownError);
  });
});
