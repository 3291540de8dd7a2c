/**
 * The example stack: team access to Rollout and seed records in three CRMs, in one program.
 * `Pulumi.yaml` at the repository root runs it; `Pulumi.dev.yaml` points it at the local
 * emulators (`npm run emulators`). See the README for the config of a real account.
 */
import { crmSeed } from "./crm-seed";
import { team } from "./team-access/people";
import { teamAccess } from "./team-access";

const users = teamAccess(team);
const seed = crmSeed();

/** Team members by resource name → e-mail. */
export const teamMembers = Object.fromEntries(Object.entries(users).map(([name, user]) => [name, user.email]));
/** CRM people by resource name → the id the CRM gave them. */
export const crmPeople = Object.fromEntries(Object.entries(seed.people).map(([name, person]) => [name, person.id]));
/** Notes by resource name → note id. */
export const crmNotes = Object.fromEntries(Object.entries(seed.notes).map(([name, note]) => [name, note.id]));
