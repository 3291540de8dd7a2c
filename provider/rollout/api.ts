import type { Operation } from "fast-json-patch";
import { bodyOrRead, type ServiceClient } from "../http/client";
import { deleted, orUndefinedOn404 } from "../http/errors";
import { json, jsonOrEmpty, listOf } from "../http/shape";
import { userShape, type ApiUser } from "./types";

const TEAM = json("a list of team members", listOf(undefined, userShape));
const MEMBER = json("a team member", userShape);
const WRITTEN = jsonOrEmpty("the team member written", userShape);

/** The Rollout users API (the Rollout users API documentation), one method per endpoint. */
export class RolloutUsersApi {
  /** Read caches are invalidated by the client's `onWrite` hook. */
  constructor(private readonly client: ServiceClient) {}

  /** The whole team: the API has no paging (the Rollout users API documentation, "Pagination"). */
  async listUsers(): Promise<ApiUser[]> {
    // Checked (TEAM): a 204, an HTML page or `{}` is an error, never "nobody is a member",
    // which would let a create PUT over a member and the team drop everyone (issue 22).
    const res = await this.client.request<ApiUser[]>({ method: "GET", path: "/users", expect: TEAM });
    return res.body!;
  }

  /** One member, or undefined when the e-mail is not a member. */
  async getUser(email: string): Promise<ApiUser | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiUser>({ method: "GET", path: userPath(email), expect: MEMBER })).body);
  }

  /**
   * Adds a member, or REPLACES an existing one with the same e-mail (the API has no
   * create-only call). Callers check first that the e-mail is not a member. PUT of the
   * same body is idempotent, so the HTTP layer may retry it.
   */
  async putUser(user: ApiUser): Promise<ApiUser> {
    const res = await this.client.request<ApiUser>({ method: "PUT", path: "/users", body: user, expect: WRITTEN });
    return res.body ?? user;
  }

  /** Applies an RFC 6902 patch; the API answers with the patched user. */
  async patchUser(email: string, patch: Operation[]): Promise<ApiUser> {
    const res = await this.client.request<ApiUser>({
      method: "PATCH",
      path: userPath(email),
      body: patch,
      // Every example of the API sends JSON Patch as plain application/json (the API's examples).
      contentType: "application/json",
      expect: WRITTEN,
    });
    return bodyOrRead(res, () => this.getUser(email), `rollout: user ${email} disappeared during an update`);
  }

  /** Removes a member; true when it was removed, false when it was already gone. */
  async deleteUser(email: string): Promise<boolean> {
    return deleted(() => this.client.request({ method: "DELETE", path: userPath(email) }));
  }
}

/** `{email}` percent-encoded in the path, `@` as `%40` (the API's examples). */
export function userPath(email: string): string {
  return `/users/${encodeURIComponent(email)}`;
}
