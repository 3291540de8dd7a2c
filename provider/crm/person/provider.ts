import { RENAME_HINT, type Claims } from "../../core/claims";
import { named, renameClause, take, type Named } from "../../core/takers";
import { isUnknown } from "../../core/check";
import { ApiError } from "../../http/errors";
import type { Warn } from "../../plugin/warn";
import type { KindProvider } from "../../plugin/profile";
import { changedKeys, isEmptyPlan, managedPerson, PERSON_OWNERSHIP, personManagedKeys, writePlan } from "../ownership";
import type { CrmProfile, LivePerson, PersonApi, PersonBackend } from "../profile";
import { COMMON_FIELDS, type CrmPersonInputs, type CrmPersonOutputs, type PersonModel } from "../types";
import { checkPerson } from "./check";
import type { ServiceContext } from "../../plugin/profile";

export { managedPerson, PERSON_OWNERSHIP, personManagedKeys } from "../ownership";

type Provider = KindProvider<CrmPersonInputs, CrmPersonOutputs>;

/** The resource's settings kept beside the person's fields: how it was adopted, what its create allowed. */
type Settings = Pick<CrmPersonInputs, "importId" | "allowDuplicateEmail"> & Named;

/** The outputs for a live person: the live values of the managed fields, plus bookkeeping. */
export function personOutputs(crm: string, live: LivePerson, managed: string[], settings: Settings): CrmPersonOutputs {
  const outs: CrmPersonOutputs = { crm, ...managedPerson(live.model, managed), managedFields: managed };
  if (settings.importId !== undefined) outs.importId = settings.importId;
  if (settings.allowDuplicateEmail !== undefined) outs.allowDuplicateEmail = settings.allowDuplicateEmail;
  if (live.refs && Object.keys(live.refs).length > 0) outs.backendRefs = live.refs;
  return named(outs, settings);
}

/** The outputs in the shape `check` gives the program's inputs: the bookkeeping left out. */
export function personInputs(outs: CrmPersonOutputs): CrmPersonInputs {
  const { managedFields: _managed, backendRefs: _refs, ...inputs } = outs;
  return inputs;
}

/** The managed fields recorded in the outputs (older outputs: whatever they hold). */
function recordedManaged(olds: CrmPersonOutputs): string[] {
  return Array.isArray(olds.managedFields) ? olds.managedFields : personManagedKeys(olds);
}

/** The common fields a person holds that the program does not set (a person this resource POSTed holds none). */
function fieldsBeyond(model: PersonModel, managed: readonly string[]): string[] {
  return COMMON_FIELDS.filter((field) => !managed.includes(field) && isFilled(model[field]));
}

function isFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.values(value as object).some(isFilled);
  return true;
}

interface OwnSearch {
  crm: string;
  claims: Claims;
  after: PersonModel;
  managed: string[];
  allowDuplicate: boolean;
  warn: (message: string) => Promise<void> | void;
}

/**
 * The person this create may already have made: one holding the same e-mail with exactly
 * the program's values and no other common field set (what this resource's own POST would
 * have made), that no other resource of the program manages. It is adopted, nothing written.
 *
 * Any other person holding the e-mail is never overwritten: the create fails naming
 * `aliases` and `importId`, unless the program allows a duplicate e-mail
 * (`allowDuplicateEmail`); then it is left alone and the create makes a new person (with a
 * warning when it is not another resource's: a rename without aliases would delete it).
 *
 * Exactly once with duplicates allowed: a person with the program's values is adopted even
 * then, as it cannot be told apart from the one this resource's earlier POST made (a lost
 * response, or an `up` killed after the POST left: the engine runs the create again with
 * nothing in the state to say so). Adopting loses nothing and writes nothing; a second POST
 * would leave one of them unmanaged. The price: a person that merely equals the program
 * (left behind by `retainOnDelete`, or made by hand) is adopted rather than duplicated, with
 * a warning.
 */
async function findOwn(backend: PersonBackend, api: PersonApi, search: OwnSearch): Promise<LivePerson | undefined> {
  const { crm, claims, after, managed, allowDuplicate } = search;
  const holders = await api.findExisting(after);
  if (!holders || holders.length === 0) return undefined;
  // People this process created or adopted, or that existing resources of the program
  // manage, belong to other resources of the stack: never taken over.
  const othersOwn = (c: LivePerson) => api.taken(c.id) || claims.isManaged(crm, c.id);
  const free = holders.filter((c) => !othersOwn(c));
  for (const candidate of free) {
    const equal = isEmptyPlan(writePlan(managedPerson(candidate.model, managed), after, PERSON_OWNERSHIP));
    if (equal && fieldsBeyond(candidate.model, managed).length === 0 && api.claim(candidate.id)) return candidate;
  }
  const email = after.emails?.[0];
  if (allowDuplicate) {
    if (free.length > 0) {
      await search.warn(
        `${backend.title}: CrmPerson with allowDuplicateEmail creates a second person with e-mail ${email}; ${free.map((c) => c.id).join(", ")} ` +
          `already ${free.length === 1 ? "holds" : "hold"} it and no other resource of this stack manages ${free.length === 1 ? "it" : "them"}. ` +
          `If this resource was renamed without the \`aliases\` resource option, the old name's delete at the end of this update removes ` +
          `the original: give the new name aliases: [{ name: "<old name>" }] instead.`,
      );
    }
    return undefined;
  }
  const optIn = backend.duplicateEmails ? ` To make a second person with this e-mail, set allowDuplicateEmail: true on the CrmPerson.` : "";
  if (free.length === 0) {
    throw new Error(
      `CrmPerson: ${backend.title} already holds a person with e-mail ${email} (id ${holders.map((c) => c.id).join(", ")}), managed by another ` +
        `CrmPerson of this stack; nothing was written. Two resources must never manage one person: removing either would delete it.` +
        (backend.duplicateEmails ? optIn : ` ${backend.title}'s e-mails are unique: give this person another e-mail, or remove one of the two resources.`),
    );
  }
  const first = free[0]!;
  const differing = changedKeys(first.model, [], after, PERSON_OWNERSHIP);
  const beyond = fieldsBeyond(first.model, managed);
  const how = [
    differing.length > 0 ? `with other values (${differing.join(", ")})` : "",
    beyond.length > 0 ? `with fields the program does not set (${beyond.join(", ")})` : "",
  ].filter((h) => h !== "");
  throw new Error(
    `CrmPerson: ${backend.title} already holds a person with e-mail ${email} (id ${free.map((c) => c.id).join(", ")})` +
      (how.length > 0 ? ` ${how.join(" and ")}` : "") +
      `; nothing was written, so it is neither duplicated nor overwritten. If you renamed this resource, list its old name in the ` +
      `\`aliases\` resource option so Pulumi keeps managing the same person. To take this person over, set importId: "${first.id}" ` +
      `on the CrmPerson (it is then updated to the program's values).` +
      optIn,
  );
}

/** True when the person certainly has no e-mail (an unknown value at preview may still be one). */
function noEmail(emails: unknown): boolean {
  return emails === undefined || (Array.isArray(emails) && emails.length === 0);
}

/** What to do after a create whose outcome is unknown and that the lookup could not settle. */
function rerunAdvice(backend: PersonBackend, after: PersonModel): string {
  if (after.emails?.[0] !== undefined) {
    return `Run \`pulumi up\` again: it looks the person up by e-mail in ${backend.title} first and adopts it if this request went through.`;
  }
  return (
    `This person has no e-mail, so ${backend.title} cannot be searched for it: look for the person in ${backend.title}; if it is there, ` +
    `set importId to its id, otherwise run \`pulumi up\` again.`
  );
}

/**
 * The CrmPerson provider, over the CRM profiles of the registry. Each CRM's service is built
 * on first use, so a program that uses one CRM never needs the others' credentials.
 */
export function crmPersonProvider(
  context: ServiceContext,
  crms: Readonly<Record<string, CrmProfile>>,
  options: { warn?: Warn } = {},
): Omit<Provider, "configure"> {
  const warn: Warn = options.warn ?? ((message) => context.warn(message));
  /** `crm NUL e-mail` of the people this process POSTs or POSTed (one update: one process). */
  const creatingNow = new Set<string>();
  const backends: Record<string, PersonBackend<any>> = Object.fromEntries(Object.entries(crms).map(([name, profile]) => [name, profile.person]));
  const profileOf = (crm: string): CrmProfile => {
    const profile = crms[crm];
    if (!profile) throw new Error(`CrmPerson: unknown crm '${crm}'`);
    return profile;
  };
  const backendOf = (crm: string): PersonBackend & { connect(): PersonApi } => {
    const profile = profileOf(crm);
    return { ...profile.person, connect: () => profile.person.api(context.service(profile)) };
  };

  /**
   * Tells the service's lookups what is coming (core/keyLookup.ts): the engine checks every
   * resource before its create, so a create's lookup can answer the e-mails of the creates
   * after it in the same request. A hint is never a request; in the preview process (which
   * creates nothing) it costs nothing. Unknown values (preview) are no e-mail yet.
   */
  const hint = (inputs: CrmPersonInputs, isCreate: boolean): void => {
    if (!context.isBuilt(profileOf(inputs.crm))) return; // e.g. a preview without credentials
    try {
      const api = backendOf(inputs.crm).connect();
      if (!isCreate) api.inUse();
      else if (inputs.importId === undefined && Array.isArray(inputs.emails) && typeof inputs.emails[0] === "string" && !isUnknown(inputs.emails[0])) {
        api.announce(managedPerson(inputs, personManagedKeys(inputs)));
      }
    } catch {
      // a hint is best effort: a service that cannot be built fails the create itself, clearly
    }
  };

  return {
    async check(olds, news) {
      const { inputs, failures, backend } = checkPerson(news as Record<string, any>, backends);
      const isCreate = !olds || Object.keys(olds).length === 0;
      if (backend && failures.empty && isCreate && inputs.importId === undefined && noEmail(inputs.emails)) {
        const who = [inputs.givenName, inputs.familyName].filter((n) => typeof n === "string").join(" ") || "a person";
        await warn(
          `CrmPerson ${who} (${backend.title}) has no e-mail, the only key by which the provider can find a person again: if the ` +
            `response to its create is lost (a network failure, or pulumi up killed in the middle), running up again may create it ` +
            `a second time. Give it an e-mail, or after a failed up look for it in ${backend.title} and adopt it with importId.`,
        );
      }
      // settings are checked here, before any API call; a missing credential only warns (a preview needs none)
      if (backend) await context.checkConfig(profileOf(inputs.crm), failures);
      if (backend && failures.empty) hint(inputs, isCreate);
      return failures.empty ? { inputs } : { inputs, failures: failures.forEngine(inputs) };
    },

    async diff(id, olds, news) {
      // This person is a resource's of the program: no create of this update takes it by e-mail.
      context.claims.markManaged(olds.crm, id);
      if (olds.crm !== news.crm) return { changes: true, replaces: ["crm"], deleteBeforeReplace: false };
      const changed = changedKeys(olds, recordedManaged(olds), news, PERSON_OWNERSHIP);
      return changed.length > 0 ? { changes: true, stables: ["crm"], changedKeys: changed } : { changes: false, stables: ["crm"] };
    },

    async create(inputs) {
      const backend = backendOf(inputs.crm);
      const api = backend.connect();
      const managed = personManagedKeys(inputs);
      const after = managedPerson(inputs, managed);
      if (inputs.importId !== undefined) {
        // Through the batched reader, as a refresh reads: adopting a CRM of 1,000 people costs
        // its list pages, not 1,000 GETs (an id missing from the pages is still read on its own).
        const existing = await api.read(inputs.importId);
        if (!existing) {
          throw new Error(`${backend.title}: cannot adopt person ${inputs.importId} (importId): there is no person with this id.`);
        }
        const adopted = (await api.update(existing.id, managedPerson(existing.model, managed), after, existing.refs)) ?? existing;
        const twice = take(context.claims, inputs.crm, adopted.id, `adopted with importId "${inputs.importId}"`, inputs);
        if (twice) await warn(`${backend.title}: person ${adopted.id} is managed by two CrmPersons of this stack (both ${twice}); remove one of them.`);
        return { id: adopted.id, outs: personOutputs(inputs.crm, adopted, managed, inputs) };
      }
      // Recorded like an importId adoption, so that a rename without aliases (this resource found
      // the person by e-mail) never lets the old resource's delete remove it in the same update.
      const allowDuplicate = inputs.allowDuplicateEmail === true;
      const settings: Settings = named({ allowDuplicateEmail: inputs.allowDuplicateEmail }, inputs);
      const adoptedByKey = async (person: LivePerson) => {
        const twice = take(context.claims, inputs.crm, person.id, "adopted by e-mail", inputs);
        if (twice) await warn(`${backend.title}: person ${person.id} is managed by two CrmPersons of this stack (both ${twice}); remove one of them.`);
        if (allowDuplicate) {
          await warn(
            `${backend.title}: CrmPerson with allowDuplicateEmail adopted person ${person.id}, which holds e-mail ${after.emails?.[0]} with exactly ` +
              `the program's values and no other field, instead of creating a second one: it cannot be told apart from a person an earlier, ` +
              `interrupted create of this resource made. A second person is created only when no free person holding the e-mail is exactly ` +
              `what this resource would make.`,
          );
        }
        return { id: person.id, outs: personOutputs(inputs.crm, person, managed, settings) };
      };
      // A create may have reached the CRM before: a response lost, or `pulumi up` killed after
      // the POST left (the engine then runs the create again). Look the person up first.
      const search: OwnSearch = { crm: inputs.crm, claims: context.claims, after, managed, allowDuplicate, warn };
      const own = await findOwn(backend, api, search);
      if (own) return adoptedByKey(own);
      // Two creates of this update with one e-mail looked it up together, before either POST:
      // the lookup cannot have seen the other's person. The second is refused unless it opts in.
      const email = after.emails?.[0];
      const creating = email === undefined ? undefined : `${inputs.crm}\u0000${email}`;
      if (creating !== undefined && creatingNow.has(creating) && !allowDuplicate) {
        throw new Error(
          `CrmPerson: another CrmPerson of this stack creates a person with e-mail ${email} in this update; nothing was written. ` +
            `Two resources must never manage one person.` +
            (backend.duplicateEmails ? ` To make a second person with this e-mail, set allowDuplicateEmail: true on the CrmPerson.` : ` ${backend.title}'s e-mails are unique.`),
        );
      }
      if (creating !== undefined) creatingNow.add(creating);
      let created: LivePerson;
      try {
        created = await api.create(after);
      } catch (err) {
        // A POST that certainly failed made no person: the e-mail is free again.
        if (creating !== undefined && !(err instanceof ApiError && err.outcomeUnknown)) creatingNow.delete(creating);
        if (!(err instanceof ApiError && err.outcomeUnknown)) throw err;
        // Not repeated blindly: look again, and adopt the person if the POST went through.
        api.forgetLookups();
        const found = await findOwn(backend, api, { ...search, warn: () => {} }).catch(() => undefined);
        if (found) return adoptedByKey(found);
        throw new Error(`${err.message} ${rerunAdvice(backend, after)}`, { cause: err });
      }
      api.claim(created.id);
      return { id: created.id, outs: personOutputs(inputs.crm, created, managed, settings) };
    },

    async read(id, props) {
      if (!props) throw new Error("CrmPerson: read needs the resource's state");
      const api = backendOf(props.crm).connect();
      const live = await api.read(id);
      if (!live) return {}; // no id: the person is gone
      context.claims.markManaged(props.crm, live.id);
      const outs = personOutputs(props.crm, live, recordedManaged(props), props);
      // The live record as inputs too: the engine shows a change (`~ jobTitle: "x" => "y"`,
      // `[diff: ~jobTitle]`) from the old *inputs* to the new, since a dynamic provider returns
      // no detailed diff. Without them a hand change is an update with no field marked.
      return { id: live.id, props: outs, inputs: personInputs(outs) as unknown as CrmPersonOutputs };
    },

    async update(id, olds, news) {
      const managed = personManagedKeys(news);
      const before = managedPerson(olds, recordedManaged(olds));
      const after = managedPerson(news, managed);
      const api = backendOf(news.crm).connect();
      const live = await api.update(id, before, after, olds.backendRefs);
      if (live) return { outs: personOutputs(news.crm, live, managed, news) };
      // Nothing to write (e.g. only the managed set shrank over fields that were empty).
      return { outs: personOutputs(news.crm, { id, model: olds, refs: olds.backendRefs }, managed, news) };
    },

    async delete(id, props) {
      const taken = context.claims.takenInThisUpdate(props.crm, id);
      if (taken) {
        // A rename without aliases: the new resource took this person earlier in this update.
        const names = renameClause(context.claims, props.crm, id, "person", props);
        await warn(`${backendOf(props.crm).title}: not deleting person ${id}: another CrmPerson of this stack took it over in this update (${taken}) and manages it now${names}. ${RENAME_HINT}`);
        return;
      }
      await backendOf(props.crm).connect().delete(id); // already gone counts as deleted
      const email = Array.isArray(props.emails) ? props.emails[0] : undefined;
      if (typeof email === "string") creatingNow.delete(`${props.crm}\u0000${email}`); // free for a create again
    },
  };
}
