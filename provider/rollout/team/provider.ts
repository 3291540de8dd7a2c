/**
 * The RolloutTeam provider: "these are all the members". It manages no member itself; it
 * compares the live team with its lists and removes the members in neither.
 *
 * Two steps, so nobody is removed unannounced:
 * - a read (create, refresh) records the live members not in code in `notInCode`, and says
 *   so; it removes nobody;
 * - an update removes the members that the state's `notInCode` lists (which is what the
 *   preview showed) and that are still live and still not in code.
 * So `pulumi preview --refresh` names who would go (a warning: dynamic providers cannot show
 * an output's old value in a diff), and `pulumi up --refresh` removes them. A plain `preview` sends no request, as for every resource here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Failures, isEmail, isUnknown, normalizeEmail } from "../../core/check";
import { warn } from "../../core/claims";
import type { ProviderContext } from "../../plugin/context";
import type { ServiceProfile } from "../../plugin/profile";
import type { RolloutService } from "../profile";
import type { RolloutTeamInputs, RolloutTeamOutputs } from "./types";

type Provider = Required<pulumi.dynamic.ResourceProvider<RolloutTeamInputs, RolloutTeamOutputs>>;

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

export function rolloutTeamProvider(context: ProviderContext, profile: ServiceProfile<RolloutService>): Omit<Provider, "configure"> {
  const service = () => context.service(profile);

  /** The live members in neither list (one GET /users). */
  const notInCode = async (inputs: RolloutTeamInputs): Promise<string[]> => {
    const wanted = new Set([...inputs.members, ...inputs.keep]);
    const live = await service().api.listUsers();
    return live.map((u) => normalizeEmail(u.email)).filter((email) => !wanted.has(email)).sort();
  };
  const announce = (extra: readonly string[]): void => {
    if (extra.length === 0) return;
    warn(
      `RolloutTeam: ${extra.length} team member(s) are not in code: ${extra.join(", ")}. The next \`pulumi up\` removes them; ` +
        `add a RolloutUser (adopt it with importId) or list them in \`keep\` to keep them.`,
    );
  };

  return {
    async check(_olds, news) {
      const failures = new Failures();
      const raw = news as unknown as Record<string, unknown>;
      for (const key of Object.keys(raw)) {
        if (!["members", "keep", "__provider"].includes(key) && raw[key] !== undefined) failures.add(key, `unknown property '${key}'; expected members, keep`);
      }
      if (raw.members === undefined || raw.members === null) failures.add("members", "members is required: every e-mail the team may have");
      const inputs: RolloutTeamInputs = { members: emailList(raw.members, "members", failures), keep: emailList(raw.keep, "keep", failures) };
      await context.checkConfig(profile, failures);
      return failures.empty ? { inputs } : { inputs, failures: failures.list };
    },

    async diff(_id, olds, news) {
      if (!known(news.members) || !known(news.keep)) return { changes: true };
      const changes = !same(olds.members ?? [], news.members) || !same(olds.keep ?? [], news.keep) || (olds.notInCode ?? []).length > 0;
      return { changes };
    },

    async create(inputs) {
      // Turning the team on removes nobody: it lists who the next up would remove.
      const extra = await notInCode(inputs);
      announce(extra);
      return { id: TEAM_ID, outs: { ...inputs, notInCode: extra } };
    },

    async read(id, props) {
      if (!props) throw new Error("RolloutTeam: read needs the resource's state");
      const extra = await notInCode(props);
      announce(extra);
      return { id, props: { members: props.members, keep: props.keep ?? [], notInCode: extra } };
    },

    async update(_id, olds, news) {
      const announced = new Set(olds.notInCode ?? []);
      const extra = await notInCode(news);
      const { api } = service();
      for (const email of extra.filter((e) => announced.has(e))) await api.deleteUser(email);
      // Members who became "not in code" since the last read were not in the preview: listed, not removed.
      const left = extra.filter((e) => !announced.has(e));
      announce(left);
      return { outs: { ...news, notInCode: left } };
    },

    async delete() {
      // Removing the team resource turns the rule off; no member is touched.
    },
  };
}
