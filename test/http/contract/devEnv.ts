/**
 * TEMPORARY: the provider config that points each service at its emulator with the
 * emulator's development credential. It is the one table of the contract suites that names
 * services; it goes when each emulator definition carries its own `devConfig` (issue 23,
 * item 2), and the suites then read that instead.
 */
import {
  CRM_DEV_TOKEN,
  DEV_CREDENTIAL_ID,
  OUTSETA_DEV_KEY,
  OUTSETA_DEV_SECRET,
  ROGERROGER_DEV_KEY,
  ROLLOUT_DEV_TOKEN,
  type RunningService,
} from "../../../emulators";
import { FIXTURE_DEV_TOKEN } from "../../fixtureService/emulator";

type DevConfig = (emulator: RunningService) => Record<string, string>;

export const DEV_CONFIG: Readonly<Record<string, DevConfig>> = {
  rollout: (e) => ({ "rollout:apiUrl": e.url, "rollout:apiToken": ROLLOUT_DEV_TOKEN }),
  rogerroger: (e) => ({ "rogerroger:apiUrl": e.url, "rogerroger:apiKey": ROGERROGER_DEV_KEY }),
  outseta: (e) => ({ "outseta:apiUrl": e.url, "outseta:apiKey": OUTSETA_DEV_KEY, "outseta:secretKey": OUTSETA_DEV_SECRET }),
  rolloutCrm: (e) => ({ "rolloutCrm:apiUrl": e.url, "rolloutCrm:credentialsUrl": e.url, "rolloutCrm:authToken": CRM_DEV_TOKEN, "rolloutCrm:credentialId": DEV_CREDENTIAL_ID }),
  fixtureCrm: (e) => ({ "fixtureCrm:apiUrl": e.url, "fixtureCrm:token": FIXTURE_DEV_TOKEN }),
};

/** The dev config of `name`; a service without one fails the suite, naming it. */
export function devConfig(name: string, emulator: RunningService): Record<string, string> {
  const make = DEV_CONFIG[name];
  if (!make) throw new Error(`test/http/contract/devEnv.ts has no dev config for the service '${name}'`);
  return make(emulator);
}
