/**
 * The registries the tests use: the real ones plus the fixture CRM, each added with the one
 * line a new service adds to provider/registry.ts and to the emulator registry
 * (CONTRIBUTING.md, "Adding a service"), and derived through the same code (servicesOf,
 * crmsOf). The contract suites (test/http/contract/) iterate these, so the fixture runs
 * through every contract a shipped service does.
 */
import type { ServiceDefinition } from "../../emulators/core/service";
import * as emulators from "../../emulators/registry";
import * as registry from "../../provider/registry";
import { crmsOf, servicesOf } from "../../provider/services";
import { fixtureCrmDefinition } from "./emulator";
import { profile as fixtureCrm } from "./provider/profile";

/** provider/registry.ts with the fixture's line. */
export const TEST_REGISTRY = { ...registry, fixtureCrm };

/** emulators/registry.ts with the fixture's line. */
// `any`: each emulator has its own store type; startService keeps a definition with its store.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TEST_EMULATORS: Readonly<Record<string, ServiceDefinition<any>>> = { ...emulators, fixtureCrm: fixtureCrmDefinition };

export const TEST_SERVICES = servicesOf(TEST_REGISTRY);
export const TEST_CRMS = crmsOf(TEST_SERVICES);
