/**
 * The registries the tests use: the real ones plus the fixture CRM, each added with the one
 * line a new service adds to provider/registry.ts and to the emulator registry
 * (CONTRIBUTING.md, "Adding a service"), and derived through the same code (servicesOf,
 * crmsOf). The contract suites (test/http/contract/) iterate these, so the fixture runs
 * through every contract a shipped service does.
 */
import { EMULATORS } from "../../emulators";
import * as registry from "../../provider/registry";
import { crmsOf, servicesOf } from "../../provider/services";
import { fixtureCrmDefinition } from "./emulator";
import { profile as fixtureCrm } from "./provider/profile";

/** provider/registry.ts with the fixture's line. */
export const TEST_REGISTRY = { ...registry, fixtureCrm };

/** The emulator registry with the fixture's line. */
export const TEST_EMULATORS = { ...EMULATORS, fixtureCrm: fixtureCrmDefinition };

export const TEST_SERVICES = servicesOf(TEST_REGISTRY);
export const TEST_CRMS = crmsOf(TEST_SERVICES);
