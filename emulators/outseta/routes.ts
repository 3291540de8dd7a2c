/** The routes of the Outseta emulator: CRM people, and the accounts they belong to. */
import type { Route } from "../core/router";
import type { Handler } from "../core/service";
import { accountRoutes } from "./accountRoutes";
import { peopleRoutes } from "./peopleRoutes";
import type { OutsetaStore } from "./store";

export const routes: readonly Route<Handler<OutsetaStore>>[] = [...peopleRoutes, ...accountRoutes];
