import type * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../../http/errors";
import type { ProviderContext } from "../../plugin/context";
import { changedKeys, managedPerson, PERSON_OWNERSHIP, personManagedKeys } from "../ownership";
import type { CrmProfile, LivePerson, PersonApi, PersonBackend } from "../profile";
import type { CrmPersonInputs, CrmPersonOutputs } from "../types";
import { checkPerson } from "./check";

export { managedPerson, PERSON_OWNERSHIP, personManagedKeys } from "../ownership";

type Provider = Required<pulumi.dynamic.ResourceProvider<CrmPersonInputs, CrmPersonOutputs>>;

/** The outputs for a live person: the live values of the managed fields, plus bookkeeping. */
export function personOutputs(crm: string, live: LivePerson, managed: string[], importId: string | undefined): CrmPersonOutputs {
  const outs: CrmPersonOutputs = { crm, ...managedPerson(live.model, managed), managedFields: managed };
  if (importId !== undefined) outs.importId = importId;
  if (live.refs && Object.keys(live.refs).length > 0) outs.backendRefs = live.refs;
  return outs;
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

/**
 * The CrmPerson provider, over the CRM profiles of the registry. Each CRM's service is built
 * on first use, so a program that uses one CRM never needs the others' credentials.
 */
export function crmPersonProvider(context: ProviderContext, crms: Readonly<Record<string, CrmProfile>>): Omit<Provider, "configure"> {
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

  return {
    async check(_olds, news) {
      const { inputs, failures, backend } = checkPerson(news as Record<string, any>, backends);
      // credentials and URL are checked here, before any API call
      if (backend) context.checkConfig(profileOf(inputs.crm), failures);
      return failures.empty ? { inputs } : { inputs, failures: failures.forEngine(inputs) };
    },

    async diff(_id, olds, news) {
      if (olds.crm !== news.crm) return { changes: true, replaces: ["crm"], deleteBeforeReplace: false };
      const changed = changedKeys(olds, recordedManaged(olds), news, PERSON_OWNERSHIP);
      return { changes: changed.length > 0, stables: ["crm"] };
    },

    async create(inputs) {
      const backend = backendOf(inputs.crm);
      const api = backend.connect();
      const managed = personManagedKeys(inputs);
      const after = managedPerson(inputs, managed);
      if (inputs.importId !== undefined) {
        const existing = await api.get(inputs.importId);
        if (!existing) {
          throw new Error(`${backend.title}: cannot adopt person ${inputs.importId} (importId): there is no person with this id.`);
        }
        const adopted = (await api.update(existing.id, managedPerson(existing.model, managed), after, existing.refs)) ?? existing;
        return { id: adopted.id, outs: personOutputs(inputs.crm, adopted, managed, inputs.importId) };
      }
      let created: LivePerson;
      try {
        created = await api.create(after);
      } catch (err) {
        if (err instanceof ApiError && err.outcomeUnknown) {
          // Not repeated: a second POST could create the person twice.
          throw new Error(
            `${err.message} If the person was created, find it in ${backend.title} and adopt it by setting importId to its id; ` +
              `otherwise run the update again.`,
            { cause: err },
          );
        }
        throw err;
      }
      return { id: created.id, outs: personOutputs(inputs.crm, created, managed, undefined) };
    },

    async read(id, props) {
      if (!props) throw new Error("CrmPerson: read needs the resource's state");
      const api = backendOf(props.crm).connect();
      const live = await api.read(id);
      if (!live) return {}; // no id: the person is gone
      const outs = personOutputs(props.crm, live, recordedManaged(props), props.importId);
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
      if (live) return { outs: personOutputs(news.crm, live, managed, news.importId) };
      // Nothing to write (e.g. only the managed set shrank over fields that were empty).
      return { outs: personOutputs(news.crm, { id, model: olds, refs: olds.backendRefs }, managed, news.importId) };
    },

    async delete(id, props) {
      await backendOf(props.crm).connect().delete(id); // already gone counts as deleted
    },
  };
}
