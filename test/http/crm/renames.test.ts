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
import { present, withOuts } from "../../support/results";

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

  it("the skipped deletes name the new resource and the old one, which reach the provider as an input diff ignores (issue 25)", async () => {
    const oldPersonIn = present((await people.check({} as never, { crm: "rogerroger", familyName: "Lovelace", emails: ["ada@example.com"], __resourceName: "ada" } as never)).inputs, "check's inputs");
    expect(oldPersonIn.__resourceName).toBe("ada");
    const oldPerson = withOuts(await people.create(oldPersonIn));
    expect(oldPerson.outs.__resourceName).toBe("ada");
    const oldNoteIn = present((await notes.check({} as never, { crm: "rogerroger", personId: oldPerson.id, title: "Analyst", __resourceName: "ada-note" } as never)).inputs, "check's inputs");
    expect(oldNoteIn.__resourceName).toBe("ada-note");
    const oldNote = withOuts(await notes.create(oldNoteIn));
    expect(oldNote.outs.__resourceName).toBe("ada-note");
    // The name is never a change, and a refresh keeps it (in the outputs and the inputs).
    expect((await people.diff(oldPerson.id, oldPerson.outs, { ...oldPersonIn, __resourceName: "other" })).changes).toBe(false);
    expect((await notes.diff(oldNote.id, oldNote.outs, { ...oldNoteIn, __resourceName: "other" })).changes).toBe(false);
    const readPerson = await people.read(oldPerson.id, oldPerson.outs);
    const readNote = await notes.read(oldNote.id, oldNote.outs);
    expect([readPerson.props?.__resourceName, readPerson.inputs?.__resourceName]).toEqual(["ada", "ada"]);
    expect([readNote.props?.__resourceName, readNote.inputs?.__resourceName]).toEqual(["ada-note", "ada-note"]);

    // The next update (a new provider process): the renamed resources adopt the person by
    // e-mail and the note from the person's notes, then the old names are deleted.
    providerProcess();
    const personIn = present((await people.check({} as never, { crm: "rogerroger", familyName: "Lovelace", emails: ["ada@example.com"], __resourceName: "ada-lovelace" } as never)).inputs, "check's inputs");
    const noteIn = present((await notes.check({} as never, { crm: "rogerroger", personId: oldPerson.id, title: "Analyst", __resourceName: "ada-lovelace-note" } as never)).inputs, "check's inputs");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const consoleWarn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await admin.since();
      const person = withOuts(await people.create(personIn));
      const note = withOuts(await notes.create(noteIn));
      expect([person.id, person.outs.__resourceName]).toEqual([oldPerson.id, "ada-lovelace"]);
      expect([note.id, note.outs.__resourceName]).toEqual([oldNote.id, "ada-lovelace-note"]);
      await notes.delete(oldNote.id, oldNote.outs);
      await people.delete(oldPerson.id, oldPerson.outs);
      expect((await admin.since()).filter((r) => !r.startsWith("GET "))).toEqual([]);
      const warnings = [...stderr.mock.calls, ...consoleWarn.mock.calls].map((c) => String(c[0])).join("");
      expect(warnings).toContain(
        `RogerRoger: not deleting person ${oldPerson.id}: another CrmPerson of this stack took it over in this update (adopted by e-mail) and manages it now: ` +
          "'ada-lovelace' adopted the person 'ada' managed; the delete of 'ada' is skipped.",
      );
      expect(warnings).toContain(
        `rogerroger: not deleting note ${oldNote.id}: another PersonNote of this stack took it over in this update (adopted from the person's notes) and manages it now: ` +
          "'ada-lovelace-note' adopted the note 'ada-note' managed; the delete of 'ada-note' is skipped.",
      );
    } finally {
      stderr.mockRestore();
      consoleWarn.mockRestore();
    }
  });
});
