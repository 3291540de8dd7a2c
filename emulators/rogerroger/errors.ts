/**
 * RogerRoger's error answers. RogerRoger is built on API Platform 4 (JSON-LD without the
 * `hydra:` prefix), so errors use its shapes as RogerRoger's API documentation gives them: an `Error`
 * document for 400/404/405/415/429/500 and a `ConstraintViolation` document for 422, both
 * served as `application/problem+json`; the 401 comes from a Symfony authenticator instead.
 */
import { STATUS_CODES } from "node:http";
import type { Reply } from "../core/types";

const PROBLEM = "application/problem+json; charset=utf-8";

export function problem(status: number, detail?: string, headers?: Record<string, string>): Reply {
  const text = detail ?? STATUS_CODES[status] ?? "Error";
  return {
    status,
    contentType: PROBLEM,
    headers,
    body: {
      "@context": "/contexts/Error",
      "@id": `/errors/${status}`,
      "@type": "Error",
      title: "An error occurred",
      detail: text,
      status,
      type: `/errors/${status}`,
      description: text,
    },
  };
}

export interface Violation {
  readonly propertyPath: string;
  readonly message: string;
  readonly code: string;
}

/** Symfony Validator constraint codes, as API Platform puts them in `violations[].code`. */
export const NOT_BLANK = "c1051bb4-d103-4f74-8988-acbcafc7fdc3";
export const INVALID_EMAIL = "bd79c0ab-ddba-46cc-a703-a7a4b08de310";
export const NO_SUCH_COUNTRY = "8f900c12-61bd-455d-9398-996cd040f7f0";

export function violations(list: readonly Violation[]): Reply {
  const detail = list.map((v) => `${v.propertyPath}: ${v.message}`).join("\n");
  const id = `/validation_errors/${list.map((v) => v.code).join(";")}`;
  return {
    status: 422,
    contentType: PROBLEM,
    body: {
      "@context": "/contexts/ConstraintViolation",
      "@id": id,
      "@type": "ConstraintViolation",
      status: 422,
      violations: list,
      detail,
      description: detail,
      type: id,
      title: "An error occurred",
    },
  };
}

/** A 400 from deserialization, worded like API Platform's AbstractItemNormalizer. */
export function typeError(attribute: string, expected: string, value: unknown): Reply {
  return problem(400, `The type of the "${attribute}" attribute must be "${expected}", "${phpType(value)}" given.`);
}

function phpType(value: unknown): string {
  if (value === null) return "NULL";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "double";
  if (typeof value === "object") return "array";
  return typeof value;
}
