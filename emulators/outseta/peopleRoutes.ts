/**
 * `/api/v1/crm/people` and `/api/v1/crm/people/{uid}` (the API's examples, Outseta's API documentation):
 * GET list/one, POST → 200 (not 201) with the created person, PUT = partial update → 200
 * with the person, DELETE → 200 with an empty body. Write answers carry the write's
 * timestamps in full (7 fraction digits and `Z`), reads the stored ones (schema.ts).
 *
 * Gap choices: unknown properties (an account's custom properties included: the emulator
 * defines none) and read-only ones are ignored, as Json.NET ignores them; `PersonAccount`
 * in a person body is ignored too: people join accounts through POST /crm/accounts.
 */
import { hasOwn, isPlainObject, mediaType, parseJson } from "../core/body";
import { resourceRoutes, type Route } from "../core/router";
import type { Handler } from "../core/service";
import { ReplyError, json, type ApiRequest } from "../core/types";
import { frameworkError, notFound, validationFailed, type ValidationError } from "./errors";
import { list, single } from "./query";
import { ADDRESS_PROPS, PERSON_PROPS, defaultProps, draft, emailErrors, freshStamp, readProps, viewer, type Fresh } from "./schema";
import type { OutsetaStore, PersonRow, Row } from "./store";

type H = Handler<OutsetaStore>;

/**
 * ASP.NET Web API picks a formatter by Content-Type: JSON (`application/json`, `text/json`)
 * is read; anything else, or no type (read as application/octet-stream), is a 415. (The XML
 * formatter exists too; the emulator speaks JSON only.) Unparsable JSON leaves the model
 * null, which the emulator answers with Web API's 400 "The request is invalid.".
 */
export function readJson(req: ApiRequest, typeName: string): Record<string, unknown> {
  const type = mediaType(req) ?? "application/octet-stream";
  if (type !== "application/json" && type !== "text/json") {
    throw new ReplyError(
      frameworkError(415, `The request entity's media type '${type}' is not supported for this resource.`, {
        ExceptionMessage: `No MediaTypeFormatter is available to read an object of type '${typeName}' from content with media type '${type}'.`,
      }),
    );
  }
  const parsed = parseJson(req.body);
  if (!parsed.ok || !isPlainObject(parsed.value)) throw new ReplyError(frameworkError(400, "The request is invalid."));
  return parsed.value;
}

/** The views of people; `fresh`: the write being answered (schema.ts). */
export function views(store: OutsetaStore, fresh?: Fresh) {
  return { full: viewer(store, 2, fresh).person, standard: viewer(store, 1, fresh).person };
}

function findPerson(store: OutsetaStore, uid: string): PersonRow {
  return store.people.get(uid) ?? notFound();
}

/**
 * The `MailingAddress` of a write body. With the Uid of the person's current address it is
 * edited in place (PM's documented way); without a Uid it is a new address row replacing
 * the old one; with another Uid it is refused (the emulator knows no other addresses).
 */
function readAddress(body: unknown, current: Row | null, store: OutsetaStore, now: number, errors: ValidationError[]): Row | null {
  if (body === null) return null;
  if (!isPlainObject(body)) {
    errors.push({ PropertyName: "MailingAddress", ErrorMessage: "The value is not valid for MailingAddress." });
    return current;
  }
  if (body.Uid !== undefined && body.Uid !== null) {
    if (!current || body.Uid !== current.Uid) {
      errors.push({ PropertyName: "MailingAddress.Uid", ErrorMessage: `No address ${String(body.Uid)} belongs to this person.` });
      return current;
    }
    const props = { ...current.props };
    errors.push(...readProps(ADDRESS_PROPS, body, props, "MailingAddress."));
    return { ...current, props, Updated: now };
  }
  const props = defaultProps(ADDRESS_PROPS);
  errors.push(...readProps(ADDRESS_PROPS, body, props, "MailingAddress."));
  return { Uid: store.newUid(), Created: now, Updated: now, props };
}

/** Reads a person body onto `base` (create: defaults; update: the stored person). */
export function readPerson(store: OutsetaStore, body: Record<string, unknown>, base: PersonRow, now: number, isNew: boolean): { row: PersonRow; errors: ValidationError[] } {
  const props = { ...base.props };
  const errors = readProps(PERSON_PROPS, body, props);
  const emailTypeError = errors.some((e) => e.PropertyName === "Email");
  // A create body without Email has none (not the "" an unset string reads as): "required".
  const sent = hasOwn(body, "Email");
  if (!emailTypeError && (isNew || sent)) errors.push(...emailErrors(store, sent ? props.Email : undefined, base.Uid));
  const address = hasOwn(body, "MailingAddress") ? readAddress(body.MailingAddress, base.address, store, now, errors) : base.address;
  return { row: { ...base, props, address, Updated: now }, errors };
}

export function newPersonBase(store: OutsetaStore, now: number): PersonRow {
  return { Uid: store.newUid(), Created: now, Updated: now, props: defaultProps(PERSON_PROPS), address: null };
}

const listPeople: H = (req, _params, { store }) => list(req, "Person", { rows: [...store.people.values()], ...views(store) });

const getPerson: H = (req, params, { store }) => single(req, findPerson(store, params.uid), views(store));

const createPerson: H = (req, _params, { store, clock }) => {
  const body = readJson(req, "Person");
  const fresh = freshStamp(clock.now());
  const { row, errors } = readPerson(store, body, newPersonBase(store, fresh.at), fresh.at, true);
  if (errors.length > 0) throw validationFailed("Person", draft(views(store, fresh).standard(row)), errors);
  store.people.set(row.Uid, row);
  return json(200, views(store, fresh).standard(row));
};

const updatePerson: H = (req, params, { store, clock }) => {
  const current = findPerson(store, params.uid);
  const body = readJson(req, "Person");
  const fresh = freshStamp(clock.now());
  const { row, errors } = readPerson(store, body, current, fresh.at, false);
  // Recorded: a refused PUT echoes the person with its Uid and the fresh Updated (update.spec.ts).
  if (errors.length > 0) throw validationFailed("Person", views(store, fresh).standard(row), errors);
  store.people.set(row.Uid, row);
  return json(200, views(store, fresh).standard(row));
};

const deletePerson: H = (_req, params, { store }) => {
  store.deletePerson(findPerson(store, params.uid).Uid);
  return { status: 200 };
};

export const peopleRoutes: readonly Route<H>[] = resourceRoutes("/api/v1/crm/people", "uid", {
  collection: { GET: listPeople, POST: createPerson },
  item: { GET: getPerson, PUT: updatePerson, DELETE: deletePerson },
});
