/**
 * The fixture CRM's writable contact fields without a common field, and their JSON kinds
 * (its emulator's WRITABLE, which the contract suite keeps equal).
 */
import type { NativeSchema } from "../../../provider/crm/nativeFields";
import { COMMON_NAMES, NATIVE_FIELDS, READ_ONLY } from "./mapping";

export const FIXTURE_SCHEMA: NativeSchema = {
  title: "the fixture CRM",
  fields: NATIVE_FIELDS,
  commonNames: COMMON_NAMES,
  refused: Object.fromEntries(READ_ONLY.map((name) => [name, "set by the fixture CRM itself and cannot be written"])),
};
