import type * as pulumi from "@pulumi/pulumi";
import { nearestName } from "./nearest";

/**
 * The value the engine passes for an input not known yet during a preview (an output of
 * a resource that is not created yet). Validation skips such values: they are checked
 * again when known, at `up`.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Collects `check` failures, each naming the property it is about. */
export class Failures {
  readonly list: pulumi.dynamic.CheckFailure[] = [];
  add(property: string, reason: string): void {
    this.list.push({ property, reason });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  /**
   * The failures as `check` returns them to the engine, with the `inputs` it returns. The
   * engine prints a failure as "property P value V has a problem", with V looked up as a
   * *top-level* input: a nested path (`fields.tags`, `phones[0].type`) or a missing property
   * would print `{<nil>}`. Those go without a property, their path leading the reason
   * ("... has a problem: fields.tags: ...").
   */
  forEngine(inputs: object): pulumi.dynamic.CheckFailure[] {
    const values = inputs as Record<string, unknown>;
    return this.list.map(({ property, reason }) => {
      if (!/[.[]/.test(property) && values[property] !== undefined && values[property] !== null) return { property, reason };
      return { property: "", reason: reason.startsWith(property) ? reason : `${property}: ${reason}` };
    });
  }
}

/** The property key the dynamic-provider host adds to every resource's inputs. */
export const PROVIDER_KEY = "__provider";

/**
 * The input a resource class hands its own name in: the dynamic-provider protocol gives a
 * provider no resource name or URN, and a warning about a rename without `aliases` must name
 * both resources (issue 25). `diff` never compares it; the engine's display hides `__` keys.
 */
export const RESOURCE_NAME_KEY = "__resourceName";

/** Reports input keys the resource does not know (a typo would otherwise be ignored silently). */
export function checkUnknownKeys(inputs: Record<string, unknown>, known: readonly string[], failures: Failures): void {
  for (const key of Object.keys(inputs)) {
    if (key === PROVIDER_KEY || key === RESOURCE_NAME_KEY || known.includes(key)) continue;
    if (inputs[key] === undefined) continue;
    failures.add(key, unknownPropertyReason(key, known, `expected one of: ${known.join(", ")}`));
  }
}

/** Why `key` is refused: with the argument it was probably meant to be, when one is close. */
export function unknownPropertyReason(key: string, known: readonly string[], expected: string): string {
  const near = nearestName(key, known);
  return near === undefined ? `unknown property '${key}'; ${expected}` : `unknown property '${key}'; did you mean '${near}'? (${expected})`;
}

// A pragmatic address check (RFC 5322 allows far more); the services reject the rest anyway.
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;

export function isEmail(value: unknown): value is string {
  return typeof value === "string" && EMAIL.test(value.trim());
}

/** E-mails are compared case-insensitively by every service here; they are stored lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
