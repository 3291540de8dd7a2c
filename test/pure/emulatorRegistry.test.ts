/**
 * The emulators take no list of names from the provider (issue 23): both registries name
 * their services on their own, and this test keeps them the same set, by type (checked in
 * `npm test`, tsconfig.all.json) and by value.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PORTS, type ServiceName as EmulatedService } from "../../emulators";
import * as registry from "../../provider/registry";

type ProvidedService = keyof typeof registry;

/** Every service of the provider has its emulator, and every emulator its service. */
const sameNames: [ProvidedService] extends [EmulatedService] ? ([EmulatedService] extends [ProvidedService] ? true : false) : false = true;

describe("the emulator registry", () => {
  it("names the services of the provider's registry, no more, no fewer", () => {
    expect(sameNames).toBe(true);
    expect(Object.keys(DEFAULT_PORTS).sort()).toEqual(Object.keys(registry).sort());
  });
});
