/**
 * The live records of one service, for `sweep`, and their deletion: through the provider's
 * own API methods, mapping and pacing (one ProviderContext), so a sweep stays under the
 * documented limits however many records it finds.
 */
import type { CrmProfile } from "../../provider/crm/profile";
import type { ProviderContext } from "../../provider/plugin/context";
import type { Page } from "../../provider/reads/pagedReader";
import { personFromApi as outsetaPerson } from "../../provider/outseta/mapping";
import { personFromApi as rogerrogerPerson } from "../../provider/rogerroger/mapping";
import { personFromApi as rolloutCrmPerson } from "../../provider/rolloutCrm/mapping";
import * as registry from "../../provider/registry";
import type { ServiceName } from "../../provider/services";
import type { SweepRecord } from "./select";

/** A list longer than this many pages is not read to its end (a loop, or not a sandbox). */
export const MAX_PAGES = 1000;

async function everyPage<T>(first: Page<T>, service: string): Promise<T[]> {
  const all: T[] = [...first.items];
  let page = first;
  for (let n = 1; page.next; n++) {
    if (n >= MAX_PAGES) throw new Error(`${service}: more than ${MAX_PAGES} pages of people; sweep stops rather than read on`);
    page = await page.next();
    all.push(...page.items);
  }
  return all;
}

const asRecord = (p: { id: string; model: { emails?: readonly string[] } }): SweepRecord => ({ id: p.id, emails: p.model.emails ?? [] });

export async function listRecords(context: ProviderContext, service: ServiceName): Promise<SweepRecord[]> {
  switch (service) {
    case "rollout":
      return (await context.service(registry.rollout).api.listUsers()).map((u) => ({ id: u.email, emails: [u.email] }));
    case "rogerroger": {
      const { api } = context.service(registry.rogerroger);
      return (await everyPage(await api.listPeople(1), service)).map((p) => asRecord(rogerrogerPerson(p)));
    }
    case "outseta": {
      const { api } = context.service(registry.outseta);
      return (await everyPage(await api.listPeople(0), service)).map((p) => asRecord(outsetaPerson(p)));
    }
    case "rolloutCrm": {
      const { api } = context.service(registry.rolloutCrm);
      return (await everyPage(await api.listPeople(), service)).map((p) => asRecord(rolloutCrmPerson(p)));
    }
  }
}

/** Deletes one record (a record already gone counts as deleted, as in the provider). */
export async function deleteRecord(context: ProviderContext, service: ServiceName, record: SweepRecord): Promise<void> {
  if (service === "rollout") {
    await context.service(registry.rollout).api.deleteUser(record.id);
    return;
  }
  const profile = registry[service] as CrmProfile;
  await profile.person.api(context.service(profile)).delete(record.id);
}
