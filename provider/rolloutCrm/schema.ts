/**
 * The Universal CRM's writable person properties without a common field (PersonInput,
 * the Universal CRM API documentation; the emulator's INPUT, which a test keeps equal).
 */
import type { NativeSchema } from "../crm/nativeFields";
import { COMMON_NAMES, CONSENT_FLAGS, NATIVE_FIELDS, READ_ONLY } from "./mapping";

export const ROLLOUT_CRM_SCHEMA: NativeSchema = {
  title: "the Rollout Universal CRM",
  fields: Object.fromEntries(
    Object.entries(NATIVE_FIELDS).map(([name, kind]) => [name, kind === "consent" ? { members: CONSENT_FLAGS, kind: "boolean" } : kind]),
  ),
  commonNames: COMMON_NAMES,
  refused: {
    rating: "write-only in the Universal CRM (reads never return it), so it could never be compared",
    ...Object.fromEntries(READ_ONLY.map((name) => [name, "set by the Universal CRM itself and cannot be written"])),
  },
};
