import {
  levelName,
  levelNumber,
  sameEmail,
  updateRefusal,
  type Party,
} from "../../../../provider/runtime/rules/membership";
import { ApiError } from "../../../emulator/http/errors";
import type { Membership } from "../../../emulator/model/model";
import { validateUpdate } from "../../../emulator/routes/members";

const LEVELS = [1, 8, 15] as const;

describe("membership levels", () => {
  it("maps names to PostHog's numbers and back", () => {
    expect([levelNumber("member"), levelNumber("admin"), levelNumber("owner")]).toEqual([1, 8, 15]);
    expect(LEVELS.map(levelName)).toEqual(["member", "admin", "owner"]);
    expect(levelName(12)).toBe("12");
  });

  it("compares emails ignoring case", () => {
    expect(sameEmail("Ada@Example.com", "ada@example.COM")).toBe(true);
    expect(sameEmail("ada@example.com", undefined)).toBe(false);
  });
});

// The preview check must refuse exactly what PostHog refuses, with the same first reason: every
// combination of levels, self or other, change or removal, against the emulator's validate_update
// (a transcription of posthog/models/organization.py).
describe("updateRefusal agrees with PostHog's validate_update", () => {
  const membership = (id: string, level: 1 | 8 | 15): Membership => ({
    id,
    organization_id: "org",
    user_uuid: id,
    level,
    joined_at: "",
    updated_at: "",
  });
  const posthog = (actor: Membership, target: Membership, newLevel: number | null): string | undefined => {
    try {
      validateUpdate(actor, target, newLevel);
      return undefined;
    } catch (e) {
      return ((e as ApiError).body as { detail: string }).detail;
    }
  };
  const cases: [string, number, number, number | null][] = [];
  for (const actor of LEVELS) {
    for (const target of LEVELS)
      for (const next of [...LEVELS, null])
        cases.push([`level ${actor} changes another at ${target} to ${next ?? "removed"}`, actor, target, next]);
    for (const next of [...LEVELS, null])
      cases.push([`level ${actor} changes themselves to ${next ?? "removed"}`, actor, -1, next]);
  }
  it.each(cases)("%s", (_name, actorLevel, targetLevel, next) => {
    const self = targetLevel === -1;
    const actor = membership("a", actorLevel as 1 | 8 | 15);
    const target = self ? actor : membership("t", targetLevel as 1 | 8 | 15);
    const party = (m: Membership): Party => ({
      uuid: m.user_uuid,
      email: `${m.user_uuid}@example.com`,
      level: m.level,
    });
    const expected = posthog(actor, target, next);
    const ours = updateRefusal(party(actor), party(target), next);
    if (expected === undefined) expect(ours).toBeUndefined();
    else expect(ours?.startsWith(`${expected} `)).toBe(true);
  });
});
