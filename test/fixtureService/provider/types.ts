/** The fixture CRM's API shapes (its emulator, ../emulator/, is its specification); fields may be missing or null. */
import { all, fields, identified, listOf, type Check } from "../../../provider/http/shape";

/** A contact as the API returns it. */
export interface ApiContact {
  id?: string;
  firstName?: string | null;
  lastName?: string | null;
  /** One e-mail per contact, unique in the account. */
  email?: string | null;
  title?: string | null;
  company?: string | null;
  tags?: string[] | null;
  [other: string]: unknown;
}

/** `GET /contacts`: one page and the cursor of the next one (null on the last page). */
export interface ApiContactList {
  contacts?: ApiContact[];
  nextCursor?: string | null;
}

/** What the code relies on in a contact (http/shape.ts): an `id`, and the kinds of the fields the mapping reads. */
export const contactShape: Check = all(
  identified("id"),
  fields({ firstName: "string", lastName: "string", email: "string", title: "string", company: "string", tags: "array" }),
);

/** `GET /contacts`: the `contacts` array is required, `nextCursor` a string when present. */
export const contactListShape: Check = all(listOf("contacts", contactShape), fields({ nextCursor: "string" }));
