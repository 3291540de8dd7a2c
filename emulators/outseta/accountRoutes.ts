/**
 * Enough of `/api/v1/crm/accounts` for `PersonAccount` (the API's examples): list and get with
 * `fields=` expansion and nested filters (`PersonAccount.Person.Email=`), POST with a
 * `PersonAccount` list, PUT (a partial update, 200 with the account, as Outseta's own live
 * test expects: https://github.com/outseta/outseta-js,
 * packages/api-client/src/__tests__/accounts-crud.integration.test.ts), DELETE.
 *
 * An account needs a person: the same live test expects a POST of `{"Name": "No Person
 * Corp"}` to be refused (it asserts only `!res.ok`: the status and text are not known; the
 * OpenAPI spec lists only 200 and 401 for that route). The emulator answers 400 with
 * Outseta's validation body, as Outseta answers its other account validation error
 * ("The Name field is required.", recorded in
 * https://github.com/tiltcamp/outseta-api-client/blob/055b3bd/test/api/crm/accounts/add.spec.ts),
 * naming `PersonAccount`; the message is the emulator's own words.
 *
 * Gap choices: in a POST, `PersonAccount[i].Person` with a `Uid` links an existing person,
 * without one it creates the person (same validation as POST /crm/people, so an e-mail in
 * use is a 400); `IsPrimary` defaults to true for the first person only. A PUT changes the
 * account's own properties; `PersonAccount` in a PUT body is ignored, as on people (people
 * join accounts through POST). Deleting an account keeps its people.
 */
import { isPlainObject } from "../core/body";
import { resourceRoutes, type Route } from "../core/router";
import type { Handler } from "../core/service";
import { json } from "../core/types";
import { notFound, validationFailed, type ValidationError } from "./errors";
import { newPersonBase, readJson, readPerson } from "./peopleRoutes";
import { list, single } from "./query";
import { ACCOUNT_PROPS, defaultProps, draft, freshStamp, readProps, viewer, type Fresh } from "./schema";
import type { LinkRow, OutsetaStore, PersonRow, Row } from "./store";

type H = Handler<OutsetaStore>;

function views(store: OutsetaStore, fresh?: Fresh) {
  return { full: viewer(store, 2, fresh).account, standard: viewer(store, 1, fresh).account };
}

function nameErrors(props: Record<string, unknown>): ValidationError[] {
  return props.Name === null || props.Name === "" ? [{ PropertyName: "Name", ErrorMessage: "The Name field is required." }] : [];
}

function findAccount(store: OutsetaStore, uid: string): Row {
  return store.accounts.get(uid) ?? notFound();
}

const listAccounts: H = (req, _params, { store }) => list(req, "Account", { rows: [...store.accounts.values()], ...views(store) });

const getAccount: H = (req, params, { store }) => single(req, findAccount(store, params.uid), views(store));

const createAccount: H = (req, _params, { store, clock }) => {
  const body = readJson(req, "Account");
  const fresh = freshStamp(clock.now());
  const now = fresh.at;
  const account: Row = { Uid: store.newUid(), Created: now, Updated: now, props: defaultProps(ACCOUNT_PROPS) };
  const errors: ValidationError[] = readProps(ACCOUNT_PROPS, body, account.props);
  errors.push(...nameErrors(account.props));
  const members: { person: PersonRow; isNew: boolean; isPrimary: boolean }[] = [];
  const items = body.PersonAccount ?? [];
  if (!Array.isArray(items)) errors.push({ PropertyName: "PersonAccount", ErrorMessage: "The value is not valid for PersonAccount." });
  else if (items.length === 0) errors.push({ PropertyName: "PersonAccount", ErrorMessage: "An account must have at least one person." });
  else {
    items.forEach((item: unknown, i) => {
      const at = `PersonAccount[${i}]`;
      const person = isPlainObject(item) ? item.Person : undefined;
      if (!isPlainObject(item) || !isPlainObject(person)) {
        errors.push({ PropertyName: `${at}.Person`, ErrorMessage: "The Person field is required." });
        return;
      }
      const isPrimary = typeof item.IsPrimary === "boolean" ? item.IsPrimary : i === 0;
      if (typeof person.Uid === "string") {
        const existing = store.people.get(person.Uid);
        if (existing) members.push({ person: existing, isNew: false, isPrimary });
        else errors.push({ PropertyName: `${at}.Person.Uid`, ErrorMessage: `Person ${person.Uid} not found.` });
        return;
      }
      const { row, errors: personErrors } = readPerson(store, person, newPersonBase(store, now), now, true);
      const email = String(row.props.Email).toLowerCase();
      if (members.some((m) => m.isNew && String(m.person.props.Email).toLowerCase() === email)) {
        personErrors.push({ PropertyName: "Email", ErrorMessage: "Email address is already in use." });
      }
      errors.push(...personErrors.map((e) => ({ ...e, PropertyName: `${at}.Person.${e.PropertyName}` })));
      members.push({ person: row, isNew: true, isPrimary });
    });
  }
  if (errors.length > 0) throw validationFailed("Account", draft(views(store, fresh).standard(account)), errors);

  store.accounts.set(account.Uid, account);
  for (const { person, isNew, isPrimary } of members) {
    if (isNew) store.people.set(person.Uid, person);
    const link: LinkRow = { Uid: store.newUid(), personUid: person.Uid, accountUid: account.Uid, IsPrimary: isPrimary, Created: now, Updated: now };
    store.links.set(link.Uid, link);
  }
  return json(200, views(store, fresh).standard(account));
};

const updateAccount: H = (req, params, { store, clock }) => {
  const current = findAccount(store, params.uid);
  const body = readJson(req, "Account");
  const fresh = freshStamp(clock.now());
  const account: Row = { ...current, props: { ...current.props }, Updated: fresh.at };
  const errors = readProps(ACCOUNT_PROPS, body, account.props);
  errors.push(...nameErrors(account.props));
  if (errors.length > 0) throw validationFailed("Account", views(store, fresh).standard(account), errors);
  store.accounts.set(account.Uid, account);
  return json(200, views(store, fresh).standard(account));
};

const deleteAccount: H = (_req, params, { store }) => {
  store.deleteAccount(findAccount(store, params.uid).Uid);
  return { status: 200 };
};

export const accountRoutes: readonly Route<H>[] = resourceRoutes("/api/v1/crm/accounts", "uid", {
  collection: { GET: listAccounts, POST: createAccount },
  item: { GET: getAccount, PUT: updateAccount, DELETE: deleteAccount },
});
