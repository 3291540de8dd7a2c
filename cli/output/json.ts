/**
 * JSON for a terminal. JSON.stringify escapes C0 characters but writes C1, the bidi controls
 * and U+2028/U+2029 as they are; these become `\uXXXX` escapes here, which every JSON parser
 * reads back as the same characters.
 */
// eslint-disable-next-line no-control-regex
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `JSON.stringify(value, null, indent)` with no character a terminal would act on. */
export function inertJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
