/**
 * The ids `pulumi import rolloutcrm:index:<Kind> <name> <id>` (and the `import` resource
 * option) take: what the dynamic resources' `importId` names, plus what `importId` leaves to
 * the program's other arguments (the CRM, the person a note is on), so the id alone finds
 * the record. Pure: `adopt --format pulumi-import` writes these too.
 *
 * - RolloutUser: the member's e-mail (RolloutUser's importId);
 * - CrmPerson: `<crm>/<person id>` (CrmPerson's importId, after its `crm`);
 * - PersonNote: `<crm>/<person id>/<note id>` (PersonNote's importId, after its crm and personId);
 * - RolloutTeam: none. It is a rule over the account, not a record of it.
 */

/** The import id of a Rollout team member. */
export function userImportId(email: string): string {
  return email.trim().toLowerCase();
}

/** The import id of a CRM person. */
export function personImportId(crm: string, id: string): string {
  return `${crm}/${id}`;
}

/** The import id of a note. */
export function noteImportId(crm: string, personId: string, noteId: string): string {
  return `${crm}/${personId}/${noteId}`;
}

/** The parts of an import id split at its first `count - 1` slashes (the last part may hold more), or undefined when a part is empty. */
export function importIdParts(id: string, count: number): string[] | undefined {
  const parts: string[] = [];
  let rest = id.trim();
  for (let i = 0; i < count - 1; i++) {
    const slash = rest.indexOf("/");
    if (slash < 0) return undefined;
    parts.push(rest.slice(0, slash));
    rest = rest.slice(slash + 1);
  }
  parts.push(rest);
  return parts.every((p) => p !== "") ? parts : undefined;
}
