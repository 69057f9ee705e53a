import { AuthenticationError } from "../../provider/client";
import { contract, throttledOnce, thrown } from "./helpers";

describe("users (contract)", () => {
  const t = contract();

  it("me() names the key's user and its current organization", async () => {
    const { client, boot } = t();
    const me = await client.users.me();
    expect(me).toMatchObject({ uuid: boot.user.uuid, email: boot.user.email });
    expect(me.organization?.id).toBe(boot.organization.id);
  });

  it("a wrong key is a 401 with the key/host hint and no trace of the key", async () => {
    const { clientFor, url } = t();
    const bad = "phx_this_key_does_not_exist_0000000000";
    const error = await thrown(clientFor(bad).users.me());
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).hint).toContain(
      `posthog:host (${url}) points at the PostHog region or instance`,
    );
    expect(JSON.stringify(error) + String(error.stack)).not.toContain(bad);
  });

  it("retries a throttled me()", async () => {
    const c = t();
    await expect(throttledOnce(c, "GET", "/api/users/", () => c.client.users.me())).resolves.toMatchObject({
      uuid: c.boot.user.uuid,
    });
  });
});
