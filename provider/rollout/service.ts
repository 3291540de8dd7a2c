/**
 * The ready Rollout service, as profile.ts builds it and the providers of its resource
 * kinds use it: its own module, so the profile (which lists those providers) and the
 * providers (which use the service) do not import each other.
 */
import type { ListSnapshot } from "../reads/listSnapshot";
import type { RolloutUsersApi } from "./api";
import type { ApiUser } from "./types";

export interface RolloutService {
  api: RolloutUsersApi;
  /**
   * Reads and the existence checks of creates, served from one `GET /users` and kept up to
   * date by this process's writes.
   */
  snapshot: ListSnapshot<ApiUser>;
}
