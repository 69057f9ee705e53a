// Seeding and JSON persistence for `npm run emulator` (demo use). Persisted files hold the store
// as is (API keys only as hashes); seed files describe users, organizations and keys to create.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { emptyState, type State } from "./model";
import { defaultSettings, hashKey, type Store } from "./store";

const PersistedFile = z.object({
  version: z.literal(1),
  state: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()).optional(),
});

/** Loads a persisted store if the file exists (a missing file is a fresh start). */
export function loadPersisted(file: string, store: Store): void {
  if (!existsSync(file)) return;
  const parsed = PersistedFile.parse(JSON.parse(readFileSync(file, "utf8")));
  store.state = { ...emptyState(), ...(parsed.state as Partial<State>) };
  store.settings = { ...defaultSettings(), ...(parsed.settings ?? {}) };
}

/** Saves the store atomically (write to a temp file, then rename). */
export function savePersisted(file: string, store: Store): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, state: store.state, settings: store.settings }, null, 2));
  renameSync(tmp, file);
}

const Level = z.union([z.literal(1), z.literal(8), z.literal(15)]);

/** The seed file format. */
export const SeedFile = z.strictObject({
  users: z
    .array(z.strictObject({ email: z.string(), first_name: z.string().optional(), last_name: z.string().optional() }))
    .default([]),
  organizations: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(64),
        /** Email of the owner (created if missing). */
        owner: z.string(),
        members: z.array(z.strictObject({ email: z.string(), level: Level })).default([]),
      }),
    )
    .default([]),
  api_keys: z
    .array(
      z.strictObject({
        email: z.string(),
        /** The key to accept (`phx_...`); generated and printed when omitted. */
        key: z.string().startsWith("phx_").optional(),
        scopes: z.array(z.string()).nullable().default(null),
        scoped_organizations: z.array(z.string()).default([]),
        scoped_teams: z.array(z.number().int()).default([]),
      }),
    )
    .default([]),
});

/**
 * Applies a seed file to an empty store (a store loaded from a persist file is left alone).
 * Returns the generated keys by email.
 */
export function loadSeed(file: string, store: Store): Record<string, string> {
  if (store.state.users.length > 0) return {};
  const seed = SeedFile.parse(JSON.parse(readFileSync(file, "utf8")));
  const userFor = (email: string) => store.userByEmail(email) ?? store.createUser({ email });
  for (const u of seed.users) if (!store.userByEmail(u.email)) store.createUser(u);
  for (const o of seed.organizations) {
    const { org } = store.bootstrapOrganization(o.name, userFor(o.owner));
    for (const m of o.members) {
      const user = userFor(m.email);
      if (!store.membership(org.id, user.uuid)) store.addMembership(org.id, user.uuid, m.level);
    }
  }
  const generated: Record<string, string> = {};
  for (const k of seed.api_keys) {
    const user = userFor(k.email);
    const secret = store.createApiKey(user, k);
    if (k.key) {
      // Replace the generated secret with the one the seed names.
      const record = store.state.apiKeys[store.state.apiKeys.length - 1];
      record.secure_value = hashKey(k.key);
      record.mask_value = `phx_...${k.key.slice(-4)}`;
    } else {
      generated[k.email] = secret;
    }
  }
  return generated;
}
