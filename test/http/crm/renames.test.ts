/**
 * A rename without `aliases` never deletes the record (issue #12): when a create of this
 * update adopted the record (importId), the old resource's delete sends nothing and warns.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator, type RunningService } from "../../../emulators";
import { personNoteProvider } from "../../../provider/crm/note/provider";
import type { PersonNoteOutputs } from "../../../provider/crm/note/types";
import { crmPersonProvider } from "../../../provider/crm/person/provider";
import type { CrmPersonInputs, CrmPersonOutputs } from "../../../provider/crm/types";
import { resetSharedHttp } from "../../../provider/http/registry";
import { CRMS } from "../../../provider/services";
import { testContext } from "../../support/services";
import { EmulatorAdmin, byHand } from "../../support/emulators";

let emu: RunningService;
let admin: EmulatorAdmin;
let people: ReturnType<typeof crmPersonProvider>;
let notes: ReturnType<typeof personNoteProvider>;
const LD = { "x-api-key": ROGERROGER_DEV_KEY, "content-type": "application/ld+json" };

beforeAll(async () => {
  emu = await startRogerRogerEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
});
afterAll(async () => {
  await emu?.stop();
  await resetSharedHttp();
});
beforeEach(async () => {
  await admin.reset();
  providerProcess();
});

/** The providers of a new provider process, which is a new update: its own context, so no claims yet. */
function providerProcess(): void {
  const context = testContext(
    { "rogerroger:apiKey": ROGERROGER_DEV_KEY, "rogerroger:apiUrl": emu.url },
    { rogerroger: { pacing: { kind: "none", key: "rogerroger-renames-test" }, batchMs: 5 } },
  );
  people = crmPersonProvider(context, CRMS);
  notes = personNoteProvider(context, CRMS);
}

describe("renames without aliases", () => {
  it("the old person's delete is skipped when the new resource adopted the person in this update", async () => {
    const tess = await byHand(`${emu.url}/people`, "POST", LD, { familyName: "Ter", givenName: "Tess" });
    const note = await byHand(`${emu.url}/people/${tess.id}/notes`, "POST", LD, { title: "Keep me", personId: tess.id });
    const oldPerson: CrmPersonOutputs = { crm: "rogerroger", familyName: "Ter", managedFields: ["familyName"] };
    const oldNote = { crm: "rogerroger", personId: tess.id, title: "Keep me", managedFields: ["title"] } as PersonNoteOutputs;
    // Warnings reach the engine's log, or stderr / console.warn outside an engine.
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const consoleWarn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await admin.since();
      // The engine: create the new names (adopting), then delete the old names.
      const adopted = await people.create({ crm: "rogerroger", familyName: "Ter", importId: tess.id } as CrmPersonInputs);
      const adoptedNote = await notes.create({ crm: "rogerroger", personId: tess.id, title: "Keep me", importId: note.id });
      await notes.delete(note.id, oldNote);
      await people.delete(tess.id, oldPerson);
      expect(adopted.id).toBe(tess.id);
      expect(adoptedNote.id).toBe(note.id);
      expect((await admin.since()).filter((r) => !r.startsWith("GET "))).toEqual([]);
      const warnings = [...stderr.mock.calls, ...consoleWarn.mock.calls].map((c) => String(c[0]));
      expect(warnings.join("")).toContain(`warning: RogerRoger: not deleting person ${tess.id}: another CrmPerson of this stack took it over in this update (adopted with importId "${tess.id}")`);
      expect(warnings.join("")).toContain(`warning: rogerroger: not deleting note ${note.id}`);
      expect(warnings.join("")).toContain("aliases");
    } finally {
      stderr.mockRestore();
      consoleWarn.mockRestore();
    }
    expect((await admin.state()).people?.length ?? 0).toBe(1);

    // Another update (a new provider process): deleting it now is a real delete.
    providerProcess();
    await people.delete(tess.id, oldPerson);
    expect(await admin.since()).toEqual([`DELETE /people/${tess.id} 204`]);
  });
});
