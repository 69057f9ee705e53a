// Roster: the set of people an org file declares, and the rails that guard changes to it.
// It is not a PostHog object: it exists so that the whole run's effect on membership is judged in
// one place at preview, before any write. A Person's own check sees one person; only here do the
// previous and the new declaration meet (check's `olds`), so only here can "2 of 8 members removed"
// or "no owner left" be computed. Every Person of an org file depends on its Roster, so a refused
// Roster stops the run before any Person, and before Pulumi's deletes, which run last.
// In authoritative mode the program lists the undeclared members and invites in `remove`; updating
// the Roster removes them (visible in the preview as the Roster's change of `remove`).
import { z } from "zod";
import type { Context } from "../core/context";
import { organizationDefault, organizationId } from "../core/fields";
import { callerMembership, LEVELS, level, levelNumber } from "../rules/membership";
import { warn } from "../core/log";
import type { Failure, ResourceSpec, StateOf } from "../core/spec";
import { isKnown } from "../core/unknowns";

const declared = z.strictObject({
  /** The person's email. */
  email: z.email({ error: "email must be an email address" }),
  /** Their level: `"member"`, `"admin"` or `"owner"`. */
  level,
  /** What removing them from the file does. */
  onRemove: z.enum(["remove", "downgrade", "retain"]).default("remove"),
});

export const RosterInputs = z.strictObject({
  organizationId,
  /** Everyone the file declares. */
  people: z.array(declared),
  /** Undeclared members and invites to remove now (authoritative mode), by email. */
  remove: z.array(z.email()).default([]),
  minOwners: z.number().int().min(0).default(1),
  maxRemovedPercent: z.number().min(0).max(100).default(25),
  protectKeyUser: z.boolean().default(true),
});
export type RosterInputs = z.infer<typeof RosterInputs> & { organizationId: string };
type Declared = z.infer<typeof declared>;

/** A roster's state: its inputs, with no removal pending once applied. */
export type RosterState = StateOf<RosterInputs, { remove: string[] }>;

/** What the rails found for one run: the numbers each verdict is about. */
export interface RailsVerdict {
  members: number;
  removed: string[];
  ownersAfter: number;
  /** One per rail refused, on the rail's own input. */
  failures: Failure[];
}

const key = (email: string) => email.toLowerCase();

/**
 * Judges a run: `olds` is the last applied roster (people dropped from it are removed per their
 * onRemove), `news` the new one. Pure apart from the live member list and the caller, both given.
 */
export function judge(
  members: { email: string; level: number }[],
  callerEmail: string | undefined,
  olds: Partial<RosterInputs>,
  news: RosterInputs,
): RailsVerdict {
  const now = new Map(news.people.map((p) => [key(p.email), p]));
  const dropped = new Map<string, Declared>();
  for (const p of olds.people ?? []) if (!now.has(key(p.email))) dropped.set(key(p.email), p);
  const forced = new Set(news.remove.map(key));
  const removed: string[] = [];
  let ownersAfter = 0;
  let keyUserProblem: string | undefined;
  for (const m of members) {
    const k = key(m.email);
    const gone = dropped.get(k);
    let after: number | null = m.level;
    if (forced.has(k) || gone?.onRemove === "remove") after = null;
    else if (gone?.onRemove === "downgrade") after = LEVELS.member;
    else if (now.has(k)) after = levelNumber(now.get(k)!.level);
    if (after === null) removed.push(m.email);
    if (after === LEVELS.owner) ownersAfter++;
    if (callerEmail && k === key(callerEmail) && (after === null || after < m.level))
      keyUserProblem = after === null ? "removed" : "demoted";
  }
  const failures: Failure[] = [];
  const refuse = (property: keyof RosterInputs, reason: string) => failures.push({ property, reason });
  if (ownersAfter < news.minOwners)
    refuse(
      "minOwners",
      `rail minOwners: this change leaves ${ownersAfter} owner(s), the file requires at least ${news.minOwners}. Keep an owner in the file (level: owner), or lower rails.minOwners.`,
    );
  if (news.protectKeyUser && keyUserProblem)
    refuse(
      "protectKeyUser",
      `rail protectKeyUser: this change would leave the API key's own user ${callerEmail} ${keyUserProblem}, which locks this stack out. Keep them at their level in the file, or apply with another owner's key.`,
    );
  const share = members.length === 0 ? 0 : (removed.length * 100) / members.length;
  if (share > news.maxRemovedPercent)
    refuse(
      "maxRemovedPercent",
      `rail maxRemovedPercent: this change removes ${removed.length} of ${members.length} members (${Math.round(share)} %), above the cap of ${news.maxRemovedPercent} %. Remove fewer people per change, or raise rails.maxRemovedPercent for this one.`,
    );
  return { members: members.length, removed, ownersAfter, failures };
}

async function liveMembers(ctx: Context, org: string) {
  return (await ctx.client.members.listAll(org)).map((m) => ({ email: m.user.email, level: m.level }));
}

export const roster: ResourceSpec<RosterInputs, { organizationId: string }, RosterState, "Roster"> = {
  kind: "Roster",
  noun: "org file roster",
  stateVersion: 1,
  args: RosterInputs,
  replaceOnChanges: ["organizationId"],
  defaults: organizationDefault,

  verify: async (ctx, inputs, olds) => {
    // The rails count the whole roster: judged once every part of it is known.
    if (!isKnown(inputs)) return [];
    const caller = await callerMembership(ctx, inputs.organizationId);
    const verdict = judge(await liveMembers(ctx, inputs.organizationId), caller?.user.email, olds, inputs);
    if (verdict.failures.length === 0)
      await warn(
        `rails: ${verdict.removed.length} of ${verdict.members} members removed (cap ${inputs.maxRemovedPercent} %), ${verdict.ownersAfter} owner(s) after (minimum ${inputs.minOwners})${inputs.protectKeyUser ? ", the API key's user kept" : ""}: passed.`,
      );
    return verdict.failures;
  },

  id: (wire) => wire.organizationId,
  // Removals are done once applied: the state records none pending.
  toState: () => ({ remove: [] }),
  create: async (ctx, inputs) => removeUndeclared(ctx, inputs),
  retrieve: async (_ctx, _id, state) => ({ organizationId: state.organizationId }),
  update: async (ctx, _id, news) => removeUndeclared(ctx, news),
  delete: async () => {},
};

/** Removes the listed undeclared members (an owner is set to member first) and revokes their invites. */
async function removeUndeclared(ctx: Context, inputs: RosterInputs): Promise<{ organizationId: string }> {
  const org = inputs.organizationId;
  for (const email of inputs.remove) {
    const member = await ctx.client.members.findByEmail(org, email);
    if (member) {
      if (member.level !== LEVELS.member)
        await ctx.client.members.update(org, member.user.uuid, { level: LEVELS.member });
      await ctx.client.members.delete(org, member.user.uuid);
      continue;
    }
    const wanted = key(email);
    for (const i of await ctx.client.invites.listAll(org))
      if (i.target_email.toLowerCase() === wanted) await ctx.client.invites.delete(org, i.id);
  }
  return { organizationId: org };
}
