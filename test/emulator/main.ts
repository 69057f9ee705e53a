// `npm run emulator`: runs the PostHog API emulator on its own, for demos and manual testing.
// Usage: main.js [--port 8010] [--host 127.0.0.1] [--seed seed.json] [--persist state.json] [--no-rate-limit]
import { parseArgs } from "node:util";
import { startEmulator } from "./http/server";

/** Parses the command line, starts the emulator and prints how to reach it. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8010" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string" },
      persist: { type: "string" },
      "no-rate-limit": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run emulator -- [--port 8010] [--host 127.0.0.1] [--seed seed.json] [--persist state.json] [--no-rate-limit]",
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got "${values.port}"`);
  const emulator = await startEmulator({
    port,
    host: values.host,
    seedFile: values.seed,
    persistFile: values.persist,
    rateLimit: values["no-rate-limit"] ? false : undefined,
  });
  console.log(`PostHog API emulator listening on ${emulator.url}`);
  for (const [email, key] of Object.entries(emulator.seededKeys)) console.log(`API key for ${email}: ${key}`);

  const { users, organizations } = emulator.store.state;
  if (users.length === 0) {
    // Nothing seeded or persisted: bootstrap one owner with a legacy (unscoped) key to start from.
    const user = emulator.store.createUser({ email: "owner@example.com", first_name: "Owner" });
    const { org } = emulator.store.bootstrapOrganization("Emulated Organization", user);
    const key = emulator.store.createApiKey(user, { label: "bootstrap" });
    if (values.persist) emulator.store.onChange();
    console.log(`Bootstrapped organization "${org.name}" (${org.id}) owned by ${user.email}`);
    console.log(`API key: ${key}`);
    console.log(`Try: curl -H "Authorization: Bearer ${key}" ${emulator.url}/api/users/@me/`);
  } else if (Object.keys(emulator.seededKeys).length === 0) {
    console.log(
      `Loaded ${users.length} users and ${organizations.length} organizations; keys are stored hashed, use the ones printed when they were created.`,
    );
  }

  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(`emulator: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
