/**
 * Outseta's writable person properties without a common field, and their JSON types
 * (Outseta's API documentation, "Object schema: Person"; the emulator's PERSON_PROPS, which a test keeps
 * equal). Outseta ignores a property it does not know and never returns it, so an unknown
 * name would be written again on every `up`: it fails at preview instead.
 */
import type { NativeSchema } from "../crm/nativeFields";
import { COMMON_NAMES, READ_ONLY } from "./mapping";

export const OUTSETA_FIELDS = {
  Timezone: "string",
  Language: "string",
  ProfileImageS3Url: "string",
  PasswordMustChange: "boolean",
  HasUnsubscribed: "boolean",
  OptInToEmailList: "boolean",
  IsConnectedToDiscord: "boolean",
} as const satisfies NativeSchema["fields"];

export const OUTSETA_SCHEMA: NativeSchema = {
  title: "Outseta",
  fields: OUTSETA_FIELDS,
  commonNames: COMMON_NAMES,
  refused: Object.fromEntries([...READ_ONLY].map((name) => [name, "set by Outseta itself and cannot be written"])),
};
