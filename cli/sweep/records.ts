/**
 * The live records of one service, for `sweep`, and their deletion: through the provider's
 * own API methods, mapping and pacing (one ProviderContext), so a sweep stays under the
 * documented limits however many records it finds. What to list and how to delete comes from
 * the service's profile (a CRM's `listing` and person API, or its `members`); a list is read
 * to at most MAX_PAGES pages (crm/listing.ts), never on and on.
 */
import { walkPages } from "../../provider/crm/listing";
import type { ProviderContext } from "../../provider/plugin/context";
import { CRMS, type ServiceName } from "../../provider/services";
import { isCrm, membersOf, profileOf } from "../services";
import type { SweepRecord } from "./select";

export async function listRecords(context: ProviderContext, service: ServiceName): Promise<SweepRecord[]> {
  const members = membersOf(service);
  if (members) return (await members.list(context.service(profileOf(service)!))).map((m) => ({ id: m.email, emails: [m.email] }));
  if (!isCrm(service)) throw new Error(`sweep: ${service} has no records sweep can list`);
  const profile = CRMS[service];
  const listing = profile.listing;
  if (!listing) throw new Error(`sweep: no list of ${service} people is known here`);
  const ready = context.service(profile);
  const out: SweepRecord[] = [];
  for await (const p of walkPages(() => listing.people(ready), `${service}: the list of people`)) out.push({ id: p.id, emails: p.model.emails ?? [] });
  return out;
}

/** Deletes one record (a record already gone counts as deleted, as in the provider). */
export async function deleteRecord(context: ProviderContext, service: ServiceName, record: SweepRecord): Promise<void> {
  const members = membersOf(service);
  if (members) return members.remove(context.service(profileOf(service)!), record.id);
  if (!isCrm(service)) throw new Error(`sweep: ${service} has no records sweep can delete`);
  const profile = CRMS[service];
  await profile.person.api(context.service(profile)).delete(record.id);
}
