/**
 * The RolloutTeam provider: "these are all the members". It manages no member itself; it
 * compares the live team with its lists and removes the members in neither.
 *
 * Two steps, so nobody is removed unannounced:
 * - a refresh (`read`) records the live members not in code in `notInCode`, in the outputs
 *   AND in the inputs, and says so; it removes nobody;
 * - an update removes the members that the state's `notInCode` lists and that are still live
 *   and still not in code.
 * Why the inputs (issue 22, item 6): a dynamic provider returns no detailed diff, so
 * `pulumi preview --diff` shows the state's inputs against the program's. `check` never sets
 * `notInCode`, so once a refresh put names there the preview prints them as removed
 * (`- notInCode: [...]`), and `review` lists each as a removed member. Only a read can write
 * the state's inputs: create and update therefore leave `notInCode` empty and only warn about
 * who they found, so a plain `up` never removes anybody its plain preview did not name.
 * A plain `preview` sends no request, as for every resource here.
 */
import { Failures, isEmail, isUnknown, normalizeEmail, PROVIDER_KEY, RESOURCE_NAME_KEY, unknownPropertyReason } from "../../core/check";
import { warn } from "../../core/claims";
import type { KindProvider, ServiceContext, ServiceProfile } from "../../plugin/profile";
import type { RolloutService } from "../service";
import type { RolloutTeamInputs, RolloutTeamOutputs } from "./types";

type Provider = KindProvider<RolloutTeamInputs, RolloutTeamOutputs>;

/** One team per account: the id says what the resource is. */
const TEAM_ID = "rollout-team";

function emailList(value: unknown, property: string, failures: Failures): string[] {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value as string[];
  if (!Array.isArray(value)) {
    failures.add(property, `${property} must be a list of e-mail addresses`);
    return [];
  }
  const out = new Set<string>();
  value.forEach((email, i) => {
    if (isUnknown(email)) out.add(email as string);
    else if (!isEmail(email)) failures.add(`${property}[${i}]`, `${JSON.stringify(email)} is not a valid e-mail address`);
    else out.add(normalizeEmail(email));
  });
  return [...out].sort();
}

const known = (list: readonly string[]): boolean => !isUnknown(list) && !list.some(isUnknown);
const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function rolloutTeamProvider(context: ServiceContext, profile: ServiceProfile<RolloutService>): Omit<Provider, "configure"> {
  const service = () => context.service(profile);

  /** The live members in neither list (one GET /users). */
  const notInCode = async (inputs: RolloutTeamInputs): Promise<string[]> => {
    const wanted = new Set([...inputs.members, ...inputs.keep]);
    const live = await service().api.listUsers();
    return live.map((u) => normalizeEmail(u.email)).filter((email) => !wanted.has(email)).sort();
  };
  const KEEP_HINT = "add a RolloutUser (adopt it with importId) or list them in `keep` to keep them.";
  /** After a read: the state now lists them, so the next `up` removes them. */
  const announce = (extra: readonly string[]): void => {
    if (extra.length === 0) return;
    warn(`RolloutTeam: ${extra.length} team member(s) are not in code: ${extra.join(", ")}. The next \`pulumi up\` removes them; ${KEEP_HINT}`);
  };
  /** After a create or update: named, not listed for removal until a refresh lists them (and a preview shows them). */
  const found = (extra: readonly string[]): void => {
    if (extra.length === 0) return;
    warn(
      `RolloutTeam: ${extra.length} team member(s) are not in code: ${extra.join(", ")}. Nobody was removed: ` +
        `\`pulumi refresh\` (or \`--refresh\`) lists them, \`pulumi preview --diff\` then shows them removed, and the \`pulumi up\` after it removes them; ${KEEP_HINT}`,
    );
  };

  return {
    async check(_olds, news) {
      const failures = new Failures();
      const raw = news as unknown as Record<string, unknown>;
      for (const key of Object.keys(raw)) {
        if (!["members", "keep", PROVIDER_KEY, RESOURCE_NAME_KEY].includes(key) && raw[key] !== undefined) failures.add(key, unknownPropertyReason(key, ["members", "keep"], "expected members, keep"));
      }
      if (raw.members === undefined || raw.members === null) failures.add("members", "members is required: every e-mail the team may have");
      const inputs: RolloutTeamInputs = { members: emailList(raw.members, "members", failures), keep: emailList(raw.keep, "keep", failures) };
      await context.checkConfig(profile, failures);
      return failures.empty ? { inputs } : { inputs, failures: failures.list };
    },

    async diff(_id, olds, news) {
      if (!known(news.members) || !known(news.keep)) return { changes: true };
      const changedKeys = [
        ...(same(olds.members ?? [], news.members) ? [] : ["members"]),
        ...(same(olds.keep ?? [], news.keep) ? [] : ["keep"]),
        ...((olds.notInCode ?? []).length > 0 ? ["notInCode"] : []),
      ];
      return changedKeys.length > 0 ? { changes: true, changedKeys } : { changes: false };
    },

    async create(inputs) {
      // Turning the team on removes nobody: it names who a refresh would list for removal.
      found(await notInCode(inputs));
      return { id: TEAM_ID, outs: { ...inputs, notInCode: [] } };
    },

    async read(id, props) {
      if (!props) throw new Error("RolloutTeam: read needs the resource's state");
      const extra = await notInCode(props);
      announce(extra);
      const state = { members: props.members, keep: props.keep ?? [], notInCode: extra };
      // The same list in the inputs: what `preview --diff` compares with the program's (see above).
      return { id, props: state, inputs: state };
    },

    async update(_id, olds, news) {
      const announced = new Set(olds.notInCode ?? []);
      const extra = await notInCode(news);
      const { api } = service();
      for (const email of extra.filter((e) => announced.has(e))) await api.deleteUser(email);
      // Members who became "not in code" since the last read were not in the preview: named, not removed.
      found(extra.filter((e) => !announced.has(e)));
      return { outs: { ...news, notInCode: [] } };
    },

    async delete() {
      // Removing the team resource turns the rule off; no member is touched.
    },
  };
}
