/**
 * Handlers of the Rollout users API (the Rollout users API documentation, the API's examples). Success answers follow
 * the doc's emulator assumptions: PUT and PATCH → 200 with the full User, DELETE → 200 with
 * an empty body, unknown e-mail → 404.
 */
import { mediaType, parseJson } from "../core/body";
import { JsonPatchError, applyJsonPatch } from "../core/jsonPatch";
import { decodeSegment, resourceRoutes, type Route } from "../core/router";
import type { Handler } from "../core/service";
import { ReplyError, json, type ApiRequest, type Reply } from "../core/types";
import { message } from "./errors";
import type { UsersStore } from "./store";
import { toUser, type RolloutUser } from "./schema";

type H = Handler<UsersStore>;

/**
 * The examples send `content-type: application/json`; the doc also accepts
 * `application/json-patch+json` for PATCH. Anything else is refused with 415 before the body
 * is read, as Express's body parser would leave such a body unparsed.
 */
function jsonBody(req: ApiRequest, accepted: readonly string[]): unknown {
  const type = mediaType(req);
  if (type === undefined || !accepted.includes(type)) {
    throw new ReplyError(message(415, `Content-Type must be ${accepted.join(" or ")}, got ${type ?? "none"}`));
  }
  const parsed = parseJson(req.body);
  if (!parsed.ok) throw new ReplyError(message(400, `Malformed JSON body: ${parsed.message}`));
  return parsed.value;
}

function findUser(store: UsersStore, rawEmail: string): RolloutUser {
  const email = decodeSegment(rawEmail);
  if (email === undefined) throw new ReplyError(message(400, `Failed to decode param '${rawEmail}'`));
  const user = store.get(email);
  if (!user) throw new ReplyError(message(404, `User ${email} not found`));
  return user;
}

const listUsers: H = (_req, _params, { store }) => json(200, store.all());

const putUser: H = (req, _params, { store }) => {
  const user = toUser(jsonBody(req, ["application/json"]));
  if (typeof user === "string") return message(400, user);
  store.put(user);
  return json(200, user);
};

const getUser: H = (_req, params, { store }) => json(200, findUser(store, params.email));

const patchUser: H = (req, params, { store }) => {
  const patch = jsonBody(req, ["application/json", "application/json-patch+json"]);
  const current = findUser(store, params.email);
  let patched: unknown;
  try {
    patched = applyJsonPatch(current, patch);
  } catch (error) {
    if (error instanceof JsonPatchError) return message(400, `Invalid JSON Patch: ${error.message}`);
    throw error;
  }
  const user = toUser(patched);
  if (typeof user === "string") return message(400, `The patched user is invalid: ${user}`);
  // The e-mail is the user's identity and the path's key; changing it is not a patch.
  if (user.email !== current.email) return message(400, "email cannot be changed with PATCH");
  store.put(user);
  return json(200, user);
};

const deleteUser: H = (_req, params, { store }) => {
  store.delete(findUser(store, params.email).email);
  return { status: 200 };
};

export const routes: readonly Route<H>[] = resourceRoutes("/public-api/users", "email", {
  // PUT on the collection creates or replaces a user (the API has no POST).
  collection: { GET: listUsers, PUT: putUser },
  item: { GET: getUser, PATCH: patchUser, DELETE: deleteUser },
});
