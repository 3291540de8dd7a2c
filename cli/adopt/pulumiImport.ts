/**
 * `adopt --format pulumi-import`: the adopted records as a `pulumi import --file` document
 * (https://www.pulumi.com/docs/iac/adopting-pulumi/import/#bulk-import-operations) for the
 * provider plugin's resources (`rolloutcrm:index:*`), instead of a TypeScript module for the
 * dynamic ones. Names are the ones the module would use (codegen.ts), ids the plugin's import
 * ids (server/importIds.ts). `pulumi import --file` then reads each record (GETs only), adds
 * it to the state and prints the program code, in the project's language, that declares it.
 */
import { noteImportId, personImportId, userImportId } from "../../server/importIds";
import { tokenOf } from "../../server/kinds";
import { NOTE_KIND, PERSON_KIND, recordKind } from "../services";
import { namedCrmAdoption, namedMembers } from "./codegen";
import { isMembers, type Adoption } from "./model";
import type { TakenNames } from "./names";

export interface PulumiImportResource {
  type: string;
  name: string;
  id: string;
}

export interface PulumiImportDocument {
  resources: PulumiImportResource[];
}

/** The document for one run of `adopt`: members, or people and then their notes. */
export function pulumiImportDocument(adoption: Adoption, taken: TakenNames): PulumiImportDocument {
  if (isMembers(adoption)) {
    const type = tokenOf(recordKind(adoption.service));
    return { resources: namedMembers(adoption.members, taken).map(({ resource, member }) => ({ type, name: resource, id: userImportId(member.email) })) };
  }
  const crm = adoption.service;
  const { people, notes } = namedCrmAdoption(adoption, taken);
  const personType = tokenOf(PERSON_KIND);
  const noteType = tokenOf(NOTE_KIND);
  return {
    resources: [
      ...people.map(({ resource, person }) => ({ type: personType, name: resource, id: personImportId(crm, person.id) })),
      ...[...notes]
        .sort((a, b) => a.resource.localeCompare(b.resource))
        .map(({ resource, note }) => ({ type: noteType, name: resource, id: noteImportId(crm, note.personId, note.id) })),
    ],
  };
}

/** The document as the file `adopt --out` writes. */
export function pulumiImportText(adoption: Adoption, taken: TakenNames): string {
  return `${JSON.stringify(pulumiImportDocument(adoption, taken), null, 2)}\n`;
}
