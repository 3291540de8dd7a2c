/** The routes of the RogerRoger emulator: people, and their notes. */
import type { Route } from "../core/router";
import type { Handler } from "../core/service";
import { noteRoutes } from "./noteRoutes";
import { peopleRoutes } from "./peopleRoutes";
import type { RogerRogerStore } from "./store";

export const routes: readonly Route<Handler<RogerRogerStore>>[] = [...peopleRoutes, ...noteRoutes];
