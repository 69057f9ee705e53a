import { z } from "zod";
import { AuthenticationError, ServerError } from "../../../../provider/client";
import type { Context } from "../../../../provider/runtime/core/context";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { ResourceInitFailedError } from "../../../../provider/runtime/core/errors";
import { adopt, organizationDefault, organizationId } from "../../../../provider/runtime/core/fields";
import type { ResourceSpec } from "../../../../provider/runtime/core/spec";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import {
  ORG,
  PROVIDER,
  hasUndefined,
  installFakeContext,
  notFound,
  refused,
  resetFakeContext,
  type FakeApi,
} from "../helpers";

// A small resource that exercises every part of the core: defaults, nested inputs, a cross-field
// rule, adoption, a step after create, and outputs PostHog may leave out.
const WidgetInputs = z.strictObject({
  organizationId,
  name: z
    .string({ error: "name is required: give the widget a name" })
    .trim()
    .min(1, "name must not be empty: give the widget a name"),
  color: z.enum(["red", "blue"], { error: 'color must be "red" or "blue"' }).optional(),
  size: z.number({ error: "size must be a number" }).optional(),
  labels: z.strictObject({ team: z.string({ error: "labels.team must be a string" }) }).optional(),
  adopt,
});
type WidgetInputs = z.infer<typeof WidgetInputs> & { organizationId: string };

interface WireWidget {
  id: string;
  name: string;
  color?: string;
  created_at: string;
  updated_at: Date;
  owner?: string;
}

const CREATED = "2026-11-01T09:30:00Z";
const widgets = (ctx: Context) => (ctx.client as unknown as FakeApi).widgets;

function widgetSpec(
  overrides: Partial<ResourceSpec<WidgetInputs, WireWidget>> = {},
): ResourceSpec<WidgetInputs, WireWidget> {
  return {
    kind: "Widget",
    label: ["name"],
    stateVersion: 3,
    args: WidgetInputs as z.ZodType<WidgetInputs>,
    replaceOnChanges: ["organizationId"],
    defaults: organizationDefault,
    validate: (inputs) =>
      inputs.color === "red" && inputs.size === 0 ? [{ property: "size", reason: "A red widget needs a size." }] : [],
    id: (wire) => wire.id,
    // `owner` is left out by PostHog for some widgets: the core must not store an undefined.
    toState: (wire) => ({
      name: wire.name,
      color: wire.color ?? null,
      createdAt: wire.created_at,
      updatedAt: wire.updated_at,
      owner: wire.owner,
    }),
    create: (ctx, inputs) =>
      widgets(ctx).create(inputs.organizationId, { name: inputs.name, color: inputs.color }) as Promise<WireWidget>,
    retrieve: (ctx, id, state) => widgets(ctx).retrieve(state.organizationId, id) as Promise<WireWidget>,
    update: (ctx, id, news) =>
      widgets(ctx).update(news.organizationId, id, { name: news.name, color: news.color }) as Promise<WireWidget>,
    delete: (ctx, id, state) => widgets(ctx).delete(state.organizationId, id) as Promise<void>,
    adopt: (ctx, inputs) =>
      widgets(ctx).findByName(inputs.organizationId, inputs.name) as Promise<WireWidget | undefined>,
    ...overrides,
  };
}

/** An in-memory widgets API; `created_at` and `updated_at` are fixed so states compare exactly. */
function widgetApi(seed: Omit<WireWidget, "updated_at">[] = []) {
  const store = new Map<string, WireWidget>(seed.map((w) => [w.id, { ...w, updated_at: new Date(CREATED) }]));
  let next = 1;
  const api: FakeApi = {
    widgets: {
      create: async (_org: string, body: { name: string; color?: string }) => {
        const w: WireWidget = {
          id: `w${next++}`,
          name: body.name,
          created_at: CREATED,
          updated_at: new Date(CREATED),
          ...(body.color ? { color: body.color } : {}),
        };
        store.set(w.id, w);
        return { ...w };
      },
      retrieve: async (_org: string, id: string) => {
        const w = store.get(id);
        if (!w) throw notFound("GET", `/api/organizations/${ORG}/widgets/${id}/`);
        return { ...w };
      },
      update: async (_org: string, id: string, body: { name: string; color?: string }) => {
        const w = store.get(id);
        if (!w) throw notFound("PATCH", `/api/organizations/${ORG}/widgets/${id}/`);
        Object.assign(w, { name: body.name }, body.color ? { color: body.color } : {});
        return { ...w };
      },
      delete: async (_org: string, id: string) => {
        if (!store.delete(id)) throw notFound("DELETE", `/api/organizations/${ORG}/widgets/${id}/`);
      },
      findByName: async (_org: string, name: string) => {
        const w = [...store.values()].find((x) => x.name === name);
        return w && { ...w };
      },
    },
  };
  return { store, api };
}

/** What `check` hands to `create` for a valid widget, as the engine passes it. */
const checked = (extra: Record<string, unknown> = {}) => ({
  __provider: PROVIDER,
  organizationId: ORG,
  name: "gear",
  ...extra,
});

/** The state the core writes for widget `gear` (before drift). */
const stateOf = (extra: Record<string, unknown> = {}) => ({
  organizationId: ORG,
  name: "gear",
  color: "red",
  createdAt: CREATED,
  updatedAt: "2026-11-01T09:30:00.000Z",
  adopted: false,
  __stateVersion: 3,
  __inputKeys: expect.any(Array),
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the operation to fail");
}

afterEach(resetFakeContext);

describe("defineResource check", () => {
  it("reports each invalid input by its property path and calls no API", async () => {
    const { api } = widgetApi();
    const fake = installFakeContext(api);
    const result = await defineResource(widgetSpec()).check(
      {},
      { __provider: PROVIDER, name: "", size: "big", labels: { team: 7 }, nmae: "x" },
    );
    expect(result.failures).toHaveLength(4);
    expect(result.failures).toEqual(
      expect.arrayContaining([
        { property: "name", reason: "name must not be empty: give the widget a name." },
        { property: "size", reason: "size must be a number." },
        { property: "labels.team", reason: "labels.team must be a string." },
        { property: "nmae", reason: '"nmae" is not an input of this resource. Remove it or check its spelling.' },
      ]),
    );
    expect(fake.calls).toEqual([]);
  });

  it("runs the spec's cross-field rule after the schema passed, still without calling the API", async () => {
    const fake = installFakeContext(widgetApi().api);
    const result = await defineResource(widgetSpec()).check({}, checked({ color: "red", size: 0 }));
    expect(result.failures).toEqual([{ property: "size", reason: "A red widget needs a size." }]);
    expect(fake.calls).toEqual([]);
  });

  it("fills organizationId from posthog:organizationId and keeps __provider", async () => {
    installFakeContext(widgetApi().api);
    const result = await defineResource(widgetSpec()).check({}, { __provider: PROVIDER, name: "  gear " });
    expect(result).toEqual({ inputs: { __provider: PROVIDER, organizationId: ORG, name: "gear" }, failures: [] });
  });

  it("keeps an organizationId the resource sets over the stack's", async () => {
    installFakeContext(widgetApi().api);
    const own = "0190b1a5-0c1e-7000-8000-00000000b002";
    const result = await defineResource(widgetSpec()).check(
      {},
      { __provider: PROVIDER, organizationId: own, name: "gear" },
    );
    expect(result.inputs).toMatchObject({ organizationId: own });
  });

  it("says how to set organizationId when neither the resource nor the stack does, and calls no API", async () => {
    const fake = installFakeContext(widgetApi().api, { defaultOrganizationId: undefined });
    const result = await defineResource(widgetSpec()).check({}, { __provider: PROVIDER, name: "gear" });
    expect(result.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^organizationId is not set: .*`pulumi config set posthog:organizationId <uuid>`.*POSTHOG_ORGANIZATION_ID/,
        ),
      },
    ]);
    expect(fake.calls).toEqual([]);
  });

  it("skips issues on values that are unknown at preview and runs the rules on the known inputs", async () => {
    const validate = jest.fn(() => []);
    installFakeContext(widgetApi().api);
    const news = { __provider: PROVIDER, name: "gear", color: UNKNOWN, size: UNKNOWN, labels: UNKNOWN };
    const result = await defineResource(widgetSpec({ validate })).check({}, news);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ color: UNKNOWN, size: UNKNOWN, labels: UNKNOWN, organizationId: ORG });
    // The rules see every known input parsed and the unknown ones as the engine's placeholder.
    expect(validate).toHaveBeenCalledWith(
      expect.objectContaining({ name: "gear", color: UNKNOWN, size: UNKNOWN, labels: UNKNOWN, organizationId: ORG }),
    );
  });

  it("skips an issue inside a nested input that is unknown", async () => {
    installFakeContext(widgetApi().api);
    const result = await defineResource(widgetSpec()).check({}, checked({ labels: { team: UNKNOWN } }));
    expect(result.failures).toEqual([]);
  });

  // Regression: an unknown key's issue sits at the object's path, and the object "contains" any
  // unknown value, so a misspelled input went unreported whenever another input was unknown.
  it("still reports a misspelled input while another input is unknown", async () => {
    installFakeContext(widgetApi().api);
    const result = await defineResource(widgetSpec()).check({}, checked({ color: UNKNOWN, nmae: "x" }));
    expect(result.failures).toEqual([
      { property: "nmae", reason: '"nmae" is not an input of this resource. Remove it or check its spelling.' },
    ]);
  });

  it("asks PostHog who owns the key once per process, when the inputs are valid", async () => {
    const fake = installFakeContext(widgetApi().api);
    const handlers = defineResource(widgetSpec());
    await handlers.check({}, checked());
    await handlers.check({}, checked({ name: "sprocket" }));
    expect(fake.calls).toEqual(["users.me"]);
  });

  it("reports a refused connection as a failure and asks again on the next check", async () => {
    const denied = new AuthenticationError({
      status: 401,
      method: "GET",
      path: "/api/users/@me/",
      type: "authentication_error",
      code: "authentication_failed",
      detail: "Personal API key found in request Authorization header is invalid.",
    });
    const me = jest.fn().mockRejectedValueOnce(denied).mockResolvedValue({});
    const fake = installFakeContext({ ...widgetApi().api, users: { me } });
    const handlers = defineResource(widgetSpec());
    const first = await handlers.check({}, checked());
    expect(first.failures).toEqual([{ property: "", reason: expect.stringContaining(denied.message) }]);
    expect((await handlers.check({}, checked())).failures).toEqual([]);
    expect(fake.calls).toEqual(["users.me", "users.me"]);
  });
});

describe("defineResource create", () => {
  it("returns the complete plain-JSON state: inputs, computed outputs, adopted and stateVersion", async () => {
    const { api } = widgetApi();
    const fake = installFakeContext(api);
    const result = await defineResource(widgetSpec()).create(checked({ color: "red" }));
    expect(result).toEqual({ id: "w1", outs: stateOf() });
    // No undefined anywhere (the engine's Struct refuses it), dates as ISO strings, no __provider
    // (the dynamic-provider host adds it back).
    expect(hasUndefined(result.outs)).toBe(false);
    expect(JSON.parse(JSON.stringify(result.outs))).toEqual(result.outs);
    expect(fake.calls).toEqual(["widgets.create"]);
  });

  it("stores null, not nothing, for an output PostHog left empty", async () => {
    installFakeContext(widgetApi().api);
    const result = await defineResource(widgetSpec()).create(checked());
    expect(result.outs).toMatchObject({ color: null });
    expect(result.outs).not.toHaveProperty("owner");
  });

  it("keeps a write-only input as applied, whatever PostHog reports for it", async () => {
    installFakeContext(widgetApi().api);
    // PostHog never returns the value: toState reports null, the state keeps what was sent.
    const spec = widgetSpec({
      writeOnly: ["color"],
      toState: (wire) => ({ name: wire.name, color: null, createdAt: wire.created_at }),
    });
    const created = await defineResource(spec).create(checked({ color: "red" }));
    expect(created.outs).toMatchObject({ color: "red" });
    const refreshed = await defineResource(spec).read(created.id, { ...created.outs, __provider: PROVIDER });
    expect(refreshed.props).toMatchObject({ color: "red" });
  });

  it("refuses invalid inputs without calling the API", async () => {
    const fake = installFakeContext(widgetApi().api);
    await expect(defineResource(widgetSpec()).create(checked({ name: "" }))).rejects.toThrow(
      `invalid inputs for Widget "" in organization ${ORG}: name: name must not be empty`,
    );
    expect(fake.calls).toEqual([]);
  });

  it("with adopt: true adopts the existing object, records adopted: true and converges it with update", async () => {
    const { api, store } = widgetApi([{ id: "w9", name: "gear", color: "blue", created_at: CREATED }]);
    const fake = installFakeContext(api);
    const result = await defineResource(widgetSpec()).create(checked({ color: "red", adopt: true }));
    expect(result).toEqual({ id: "w9", outs: stateOf({ adopt: true, adopted: true }) });
    expect(fake.calls).toEqual(["widgets.findByName", "widgets.update"]);
    expect(store.get("w9")?.color).toBe("red");
  });

  it("with adopt: true creates the object when there is nothing to adopt", async () => {
    const fake = installFakeContext(widgetApi().api);
    const result = await defineResource(widgetSpec()).create(checked({ color: "red", adopt: true }));
    expect(result.outs).toMatchObject({ adopt: true, adopted: false });
    expect(fake.calls).toEqual(["widgets.findByName", "widgets.create"]);
  });

  it("adopts without an update call when the spec has no update", async () => {
    const fake = installFakeContext(widgetApi([{ id: "w9", name: "gear", color: "red", created_at: CREATED }]).api);
    const result = await defineResource(widgetSpec({ update: undefined })).create(
      checked({ color: "red", adopt: true }),
    );
    expect(result.outs).toMatchObject({ adopted: true });
    expect(fake.calls).toEqual(["widgets.findByName"]);
  });

  // An interrupted run created the object but the engine never recorded it (a pending create).
  const leftBehind = () => widgetApi([{ id: "w7", name: "gear", color: "blue", created_at: CREATED }]);
  const uniqueCreate = (api: FakeApi) => {
    const create = api.widgets.create;
    api.widgets.create = async (org: string, body: { name: string }) => {
      if ((await api.widgets.findByName(org, body.name)) !== undefined)
        throw refused("There is already a widget with this name.", "name");
      return create(org, body);
    };
    return api;
  };

  it('with existing: "take", takes over the object PostHog refuses to create twice, as created, without adopt', async () => {
    const { api, store } = leftBehind();
    const fake = installFakeContext(uniqueCreate(api));
    const result = await defineResource(widgetSpec({ existing: "take" })).create(checked({ color: "red" }));
    expect(result).toEqual({ id: "w7", outs: stateOf({ adopted: false }) });
    expect(fake.calls).toEqual(["widgets.create", "widgets.findByName", "widgets.update"]);
    expect(store.size).toBe(1);
    expect(store.get("w7")?.color).toBe("red"); // converged on the program's inputs
  });

  it('with existing: "take", a refusal that is not about the key (401) is reported as is, nothing looked up', async () => {
    const fake = installFakeContext(leftBehind().api);
    const spec = widgetSpec({
      existing: "take",
      create: async () =>
        Promise.reject(new AuthenticationError({ status: 401, method: "POST", path: "/x/", detail: "no" })),
    });
    await expect(defineResource(spec).create(checked({ color: "red" }))).rejects.toThrow(/401/);
    expect(fake.calls).toEqual([]);
  });

  it('with existing: "refuse", never creates a second object under a non-unique key and names adopt', async () => {
    const { api, store } = leftBehind();
    const fake = installFakeContext(api);
    const err = await rejection(defineResource(widgetSpec({ existing: "refuse" })).create(checked({ color: "red" })));
    expect(err.message).toBe(
      `creating Widget "gear" in organization ${ORG}: Widget "gear" in organization ${ORG} already exists in PostHog (id w7), and PostHog does not keep Widget names unique, so a second one was not created. ` +
        "If an interrupted `pulumi up` created it, set `adopt: true` on this resource to take it over; if it is another Widget, give this one another name.",
    );
    expect(fake.calls).toEqual(["widgets.findByName"]);
    expect(store.size).toBe(1);
  });

  it('with existing: "refuse", creates when nothing exists under the key', async () => {
    const fake = installFakeContext(widgetApi().api);
    const result = await defineResource(widgetSpec({ existing: "refuse" })).create(checked({ color: "red" }));
    expect(result.id).toBe("w1");
    expect(fake.calls).toEqual(["widgets.findByName", "widgets.create"]);
  });

  const partial: [
    string,
    Partial<ResourceSpec<WidgetInputs, WireWidget>>,
    Record<string, unknown>,
    RegExp,
    Record<string, unknown>,
  ][] = [
    [
      "an afterCreate failure",
      { afterCreate: async () => Promise.reject(refused("Unknown product.", "product_type", "PATCH")) },
      {},
      new RegExp(
        `^completing the creation of Widget "gear" in organization ${ORG}: PATCH /api/organizations/x/: 400 validation_error/invalid_input: Unknown product\\.`,
      ),
      { adopted: false },
    ],
    [
      "a failed update of an adopted object",
      { update: async () => Promise.reject(refused("Colour is locked.", "color", "PATCH")) },
      { adopt: true, color: "blue" },
      new RegExp(`^updating adopted Widget "gear" in organization ${ORG}: PATCH .*Colour is locked\\.`),
      // The adopted object differs (red, the program says blue), so adopting updates it.
      { adopt: true, adopted: true, color: "red" },
    ],
  ];
  it.each(partial)(
    "%s throws ResourceInitFailedError with the id and properties, so the engine records the object",
    async (_name, overrides, extra, reason, state) => {
      const { api, store } = widgetApi(
        [{ id: "w1", name: "gear", color: "red", created_at: CREATED }].filter(() => extra.adopt === true),
      );
      installFakeContext(api);
      const err = await rejection(defineResource(widgetSpec(overrides)).create(checked({ color: "red", ...extra })));
      expect(err).toBeInstanceOf(ResourceInitFailedError);
      const failed = err as ResourceInitFailedError;
      expect(failed.id).toBe("w1");
      expect(failed.reasons).toEqual([expect.stringMatching(reason)]);
      expect(failed.message).toBe(failed.reasons[0]);
      // The properties become the recorded outputs. They must carry __provider: the host reads it
      // from the outputs to refresh or delete the object later.
      expect(failed.properties).toEqual({ ...stateOf(state), __provider: PROVIDER });
      expect(hasUndefined(failed.properties)).toBe(false);
      expect(store.has("w1")).toBe(true);
    },
  );

  it("adopting an object that already matches the inputs sends no update", async () => {
    const { api } = widgetApi([{ id: "w1", name: "gear", color: "red", created_at: CREATED }]);
    installFakeContext(api);
    const spec = widgetSpec({ update: async () => Promise.reject(new Error("no update expected")) });
    const result = await defineResource(spec).create(checked({ color: "red", adopt: true }));
    expect(result.id).toBe("w1");
    expect(result.outs.adopted).toBe(true);
  });
});

describe("defineResource read", () => {
  const prior = { ...stateOf(), __provider: PROVIDER };

  it("returns no id when PostHog answers 404, so refresh drops the object", async () => {
    installFakeContext(widgetApi().api);
    await expect(defineResource(widgetSpec()).read("w1", prior)).resolves.toEqual({});
  });

  it("returns no id when the spec reports the object gone", async () => {
    installFakeContext(widgetApi().api);
    await expect(defineResource(widgetSpec({ retrieve: async () => undefined })).read("w1", prior)).resolves.toEqual(
      {},
    );
  });

  it("returns the refreshed state, with drift as PostHog reports it", async () => {
    const fake = installFakeContext(
      widgetApi([{ id: "w1", name: "gear", color: "blue", created_at: CREATED, owner: "ada" }]).api,
    );
    const result = await defineResource(widgetSpec()).read("w1", { ...prior, adopted: true });
    // The refreshed inputs are the inputs the program set, as PostHog now reports them.
    expect(result).toEqual({
      id: "w1",
      props: stateOf({ color: "blue", owner: "ada", adopted: true }),
      inputs: { organizationId: ORG, name: "gear", color: "blue" },
    });
    expect(fake.calls).toEqual(["widgets.retrieve"]);
  });

  it("returns no inputs when nothing changed, so the engine keeps the ones it has", async () => {
    installFakeContext(widgetApi().api);
    const handlers = defineResource(widgetSpec());
    const { id, outs } = await handlers.create(checked({ color: "red" }));
    await expect(handlers.read(id, { ...outs, __provider: PROVIDER })).resolves.toEqual({ id, props: outs });
  });
});

describe("defineResource update", () => {
  it("changes the object in place and keeps adopted from the old state", async () => {
    const { api, store } = widgetApi([{ id: "w1", name: "gear", color: "red", created_at: CREATED }]);
    installFakeContext(api);
    const result = await defineResource(widgetSpec()).update(
      "w1",
      { ...stateOf({ adopted: true }), __provider: PROVIDER },
      checked({ name: "sprocket", color: "blue" }),
    );
    expect(result).toEqual({ outs: stateOf({ name: "sprocket", color: "blue", adopted: true }) });
    expect(store.get("w1")).toMatchObject({ name: "sprocket", color: "blue" });
  });

  it("for a spec without update (a policy change such as deleteAdopted), re-reads and records the new inputs", async () => {
    const fake = installFakeContext(widgetApi([{ id: "w1", name: "gear", created_at: CREATED }]).api);
    const handlers = defineResource(widgetSpec({ update: undefined }));
    const result = await handlers.update("w1", stateOf(), checked({ color: "blue" }));
    expect(result.outs).toMatchObject({ name: "gear", __inputKeys: expect.arrayContaining(["color"]) });
    expect(fake.calls).toEqual(["widgets.retrieve"]);
  });
});

describe("defineResource delete", () => {
  it("treats a 404 as success", async () => {
    const fake = installFakeContext(widgetApi().api);
    await expect(defineResource(widgetSpec()).delete("w1", stateOf())).resolves.toBeUndefined();
    expect(fake.calls).toEqual(["widgets.delete"]);
  });

  it("deletes the object", async () => {
    const { api, store } = widgetApi([{ id: "w1", name: "gear", created_at: CREATED }]);
    installFakeContext(api);
    await defineResource(widgetSpec()).delete("w1", stateOf());
    expect(store.size).toBe(0);
  });
});

describe("defineResource diff", () => {
  it("reports an in-place change for an updatable input", async () => {
    const result = await defineResource(widgetSpec()).diff(
      "w1",
      stateOf(),
      checked({ name: "sprocket", color: "red" }),
    );
    expect(result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces on a replace-on-change input, deleting first when the spec asks", async () => {
    const other = "0190b1a5-0c1e-7000-8000-00000000b002";
    const result = await defineResource(widgetSpec({ deleteBeforeReplace: true })).diff(
      "w1",
      stateOf(),
      checked({ organizationId: other, color: "red" }),
    );
    expect(result).toEqual({ changes: true, replaces: ["organizationId"], deleteBeforeReplace: true });
  });

  it("reports no changes when the inputs match the state", async () => {
    const result = await defineResource(widgetSpec()).diff("w1", stateOf(), checked({ color: "red" }));
    expect(result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
});

describe("defineResource errors", () => {
  const boom = new ServerError({
    status: 503,
    method: "GET",
    path: `/api/organizations/${ORG}/widgets/w1/`,
    detail: "Service Unavailable",
  });
  const clash = refused("There is already a widget with this name.", "name");
  const cases: [
    string,
    unknown,
    (fail: () => Promise<never>) => Partial<ResourceSpec<WidgetInputs, WireWidget>>,
    (h: ReturnType<typeof defineResource>) => Promise<unknown>,
  ][] = [
    ["creating", clash, (fail) => ({ create: fail }), (h) => h.create(checked())],
    ["creating", clash, (fail) => ({ adopt: fail }), (h) => h.create(checked({ adopt: true }))],
    ["reading", boom, (fail) => ({ retrieve: fail }), (h) => h.read("w1", stateOf())],
    ["updating", clash, (fail) => ({ update: fail }), (h) => h.update("w1", stateOf(), checked())],
    ["deleting", boom, (fail) => ({ delete: fail }), (h) => h.delete("w1", stateOf())],
  ];
  it.each(cases)(
    "wraps a failure while %s with the action and the object, keeping the client's message",
    async (action, error, override, run) => {
      installFakeContext(widgetApi().api);
      const err = await rejection(run(defineResource(widgetSpec(override(async () => Promise.reject(error))))));
      expect(err.message).toBe(`${action} Widget "gear" in organization ${ORG}: ${(error as Error).message}`);
      // Only the message travels on: not the response body or anything else of the client's error.
      expect(err).not.toBe(error);
      expect(Object.keys(err)).toEqual([]);
    },
  );

  it("names the object by the spec's noun", async () => {
    installFakeContext(widgetApi().api);
    const err = await rejection(
      defineResource(widgetSpec({ noun: "Role", create: async () => Promise.reject(clash) })).create(
        checked({ name: "x" }),
      ),
    );
    expect(err.message).toBe(`creating Role "x" in organization ${ORG}: ${clash.message}`);
  });
});
