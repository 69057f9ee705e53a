import { ServerError, ValidationError } from "../../../../provider/client";
import type { ProxyRecord as WireProxyRecord } from "../../../../provider/client/proxy-records";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { ResourceInitFailedError } from "../../../../provider/runtime/core/errors";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { proxyRecord } from "../../../../provider/runtime/specs/proxy-record";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const RECORD_ID = "0190b1a5-0c1e-7000-8000-00000000f001";
const OTHER_ORG = "0190b1a5-0c1e-7000-8000-00000000b002";
const CNAME = "3f2a9c1d0e8b7a6f5c4d.proxy-us.posthog.com";

/** A proxy record as PostHog returns it (ProxyRecordSerializer). */
const wireRecord = (overrides: Partial<WireProxyRecord> = {}): WireProxyRecord => ({
  id: RECORD_ID,
  domain: "t.example.com",
  target_cname: CNAME,
  status: "waiting",
  message: null,
  created_at: "2026-11-06T09:00:00Z",
  updated_at: "2026-11-06T09:00:00Z",
  created_by: 7,
  ...overrides,
});

/** A fake proxy records API whose stored record goes through `statuses`, one per retrieve. */
function recordsApi(statuses: [string, (string | null)?][] = [], start: Partial<WireProxyRecord> = {}) {
  let stored = wireRecord(start);
  const deletes: string[] = [];
  const api = {
    proxyRecords: {
      create: async (_org: string, body: { domain: string }) =>
        (stored = wireRecord({ ...start, domain: body.domain })),
      retrieve: async () => {
        const next = statuses.shift();
        if (next) stored = { ...stored, status: next[0], message: next[1] ?? null };
        return stored;
      },
      delete: async (_org: string, id: string) => {
        deletes.push(id);
        stored = { ...stored, status: "deleting" };
      },
      findByDomain: async (_org: string, domain: string) => (stored.domain === domain ? stored : undefined),
    },
  };
  return { api, deletes };
}

afterEach(() => {
  h.resetFakeContext();
  jest.useRealTimers();
});

describe("proxy record spec: check", () => {
  const rows: h.CheckRow[] = [
    ["accepts a host name", { domain: "t.example.com" }, []],
    ["accepts a wait", { domain: "t.example.com", waitForValid: { timeoutSeconds: 900, intervalSeconds: 30 } }, []],
    ["accepts a domain that is unknown at preview", { domain: UNKNOWN }, []],
    [
      "refuses a missing domain",
      {},
      [["domain", /^domain is required: the host name to serve PostHog from, e\.g\. "t\.example\.com"\.$/]],
    ],
    [
      "refuses a URL",
      { domain: "https://t.example.com" },
      [["domain", /^domain must be a host name such as "t\.example\.com", without a scheme, a path or spaces\.$/]],
    ],
    ["refuses a path", { domain: "t.example.com/ingest" }, [["domain", /^domain must be a host name/]]],
    ["refuses a single label", { domain: "tracking" }, [["domain", /^domain must be a host name/]]],
    [
      "refuses a domain over 64 characters",
      { domain: `${"t".repeat(60)}.example.com` },
      [["domain", /^domain is longer than PostHog's limit of 64 characters\.$/]],
    ],
    [
      "refuses a wait without timeoutSeconds",
      { domain: "t.example.com", waitForValid: { intervalSeconds: 5 } },
      [["waitForValid.timeoutSeconds", /^waitForValid\.timeoutSeconds is required/]],
    ],
    [
      "refuses an unknown key",
      { domain: "t.example.com", cname: "x" },
      [["cname", /^"cname" is not an input of this resource\./]],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    h.installFakeContext();
    const result = await defineResource(proxyRecord).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });

  it("lowercases the domain and drops a trailing dot, as PostHog's Terraform provider does", async () => {
    h.installFakeContext();
    const result = await defineResource(proxyRecord).check({}, { __provider: h.PROVIDER, domain: " T.Example.COM. " });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ __provider: h.PROVIDER, organizationId: h.ORG, domain: "t.example.com" });
  });
});

describe("proxy record spec: create and state", () => {
  /** Creates the proxy record for t.example.com in ORG, with `fields` beside it. */
  const createRecord = (fields: Record<string, unknown> = {}) =>
    defineResource(proxyRecord).create({
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      domain: "t.example.com",
      ...fields,
    });

  it("creates the record and outputs the CNAME target and status", async () => {
    const { api } = recordsApi();
    const create = jest.spyOn(api.proxyRecords, "create");
    const fake = h.installFakeContext(api);
    const result = await createRecord();
    expect(create).toHaveBeenCalledWith(h.ORG, { domain: "t.example.com" }, { reconcile: expect.any(Function) });
    expect(fake.calls).toEqual(["proxyRecords.create"]);
    expect(result).toEqual({
      id: RECORD_ID,
      outs: {
        organizationId: h.ORG,
        domain: "t.example.com",
        targetCname: CNAME,
        status: "waiting",
        message: null,
        createdAt: "2026-11-06T09:00:00Z",
        adopted: false,
        ...h.STATE_FIELDS,
      },
    });
  });

  it("waits through issuing until the record is valid", async () => {
    const { api } = recordsApi([["waiting"], ["issuing", "Issuing certificate"], ["valid"]]);
    const fake = h.installFakeContext(api);
    const result = await h.withClock(() => createRecord({ waitForValid: { timeoutSeconds: 120, intervalSeconds: 5 } }));
    expect(fake.calls).toEqual([
      "proxyRecords.create",
      "proxyRecords.retrieve",
      "proxyRecords.retrieve",
      "proxyRecords.retrieve",
    ]);
    expect(result.outs).toMatchObject({
      status: "valid",
      message: null,
      waitForValid: { timeoutSeconds: 120, intervalSeconds: 5 },
    });
  });

  it("fails after the timeout with the last status and message, keeping the record in state", async () => {
    const { api } = recordsApi([["issuing", "Waiting for DNS to propagate"]]);
    h.installFakeContext(api);
    const error = await h.withClock(() =>
      defineResource(proxyRecord)
        .create({
          __provider: h.PROVIDER,
          organizationId: h.ORG,
          domain: "t.example.com",
          waitForValid: { timeoutSeconds: 30, intervalSeconds: 10 },
        })
        .catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(ResourceInitFailedError);
    const failed = error as ResourceInitFailedError;
    expect(failed.id).toBe(RECORD_ID);
    expect(failed.properties).toMatchObject({ domain: "t.example.com", targetCname: CNAME, __provider: h.PROVIDER });
    expect(failed.message).toBe(
      `completing the creation of proxy record "t.example.com" in organization ${h.ORG}: the proxy for t.example.com is not valid: its status is still "issuing" after 30 s. ` +
        `PostHog says: Waiting for DNS to propagate. It needs a CNAME record for t.example.com pointing at ${CNAME}; PostHog then issues the certificate on its own. The next \`pulumi up\` waits again.`,
    );
  });

  it("stops waiting when PostHog gives up (erroring)", async () => {
    const { api } = recordsApi([["erroring", "CAA record forbids the certificate"]]);
    const fake = h.installFakeContext(api);
    const error = await h.withClock(() =>
      defineResource(proxyRecord)
        .create({
          __provider: h.PROVIDER,
          organizationId: h.ORG,
          domain: "t.example.com",
          waitForValid: { timeoutSeconds: 600 },
        })
        .catch((e: Error) => e),
    );
    expect((error as Error).message).toMatch(
      /PostHog stopped at status "erroring"\. PostHog says: CAA record forbids the certificate\. Check a CNAME record for t\.example\.com pointing at .*, retry the proxy in PostHog/,
    );
    expect(fake.calls).toEqual(["proxyRecords.create", "proxyRecords.retrieve"]);
  });

  it("shows PostHog's raw quota refusal", async () => {
    const quota = new ValidationError({
      status: 400,
      method: "POST",
      path: `/api/organizations/${h.ORG}/proxy_records/`,
      detail: "Maximum of 2 proxy records per organization.",
      body: { detail: "Maximum of 2 proxy records per organization." },
    });
    h.installFakeContext({ proxyRecords: { create: async () => Promise.reject(quota) } });
    await expect(createRecord()).rejects.toThrow(
      /^creating proxy record "t\.example\.com" in organization .*: POST .*400.*Maximum of 2 proxy records per organization\./,
    );
  });

  const serverError = new ServerError({
    status: 500,
    method: "POST",
    path: `/api/organizations/${h.ORG}/proxy_records/`,
    detail: "Server Error (500)",
  });

  it.each([
    [
      "explains a 500 for a domain still held by a record PostHog is removing",
      "deleting",
      /^creating proxy record "t\.example\.com" in organization .*: PostHog is still removing an earlier proxy record for t\.example\.com \(status "deleting"\), and a domain can only have one record\. Run `pulumi up` again once it is gone\. \(POST .*500/,
    ],
    [
      "passes any other 500 on as PostHog sent it",
      "valid",
      /^creating proxy record "t\.example\.com" in organization .*: POST .*500/,
    ],
  ])("%s", async (_name, status, expected) => {
    const { api } = recordsApi([], { status });
    h.installFakeContext({ proxyRecords: { ...api.proxyRecords, create: async () => Promise.reject(serverError) } });
    const error = await defineResource(proxyRecord)
      .create({ __provider: h.PROVIDER, organizationId: h.ORG, domain: "t.example.com" })
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(expected);
    if (status === "valid") expect((error as Error).message).not.toMatch(/still removing/);
  });

  it("reconciles an unknown create outcome by domain, skipping a record PostHog is removing", async () => {
    let reconcile: (() => Promise<unknown>) | undefined;
    const { api } = recordsApi([], { status: "deleting" });
    h.installFakeContext({
      proxyRecords: {
        ...api.proxyRecords,
        create: async (_o: string, _b: unknown, options: { reconcile: () => Promise<unknown> }) => (
          (reconcile = options.reconcile),
          wireRecord()
        ),
      },
    });
    await createRecord();
    await expect(reconcile!()).resolves.toBeUndefined();
    h.installFakeContext({
      proxyRecords: {
        ...recordsApi([], { status: "waiting" }).api.proxyRecords,
        create: async (_o: string, _b: unknown, options: { reconcile: () => Promise<unknown> }) => (
          (reconcile = options.reconcile),
          wireRecord()
        ),
      },
    });
    await createRecord();
    await expect(reconcile!()).resolves.toMatchObject({ id: RECORD_ID, status: "waiting" });
  });

  it("adopts the organization's record for the domain, but not one being deleted", async () => {
    const adopt = async () => (await createRecord({ adopt: true })).outs;
    h.installFakeContext(recordsApi([], { status: "valid" }).api);
    expect(await adopt()).toMatchObject({ adopted: true, status: "valid" });
    const fake = h.installFakeContext(recordsApi([], { status: "deleting" }).api);
    expect(await adopt()).toMatchObject({ adopted: false });
    expect(fake.calls).toEqual(["proxyRecords.findByDomain", "proxyRecords.create"]);
  });
});

describe("proxy record spec: read, update and delete", () => {
  const state = {
    organizationId: h.ORG,
    domain: "t.example.com",
    targetCname: CNAME,
    status: "valid",
    message: null,
    createdAt: null,
    adopted: false,
    ...h.STATE_FIELDS,
  };

  it.each([
    ["reports a live record with its current status", "issuing", { id: RECORD_ID }],
    ["treats a record being deleted as gone, so refresh drops it", "deleting", {}],
  ])("%s", async (_name, status, expected) => {
    h.installFakeContext(recordsApi([[status]]).api);
    const result = await defineResource(proxyRecord).read(RECORD_ID, state);
    expect(result).toMatchObject(expected);
    if (!result.id) expect(result).toEqual({});
  });

  it("treats a 404 as gone", async () => {
    h.installFakeContext({ proxyRecords: { retrieve: async () => Promise.reject(h.notFound()) } });
    await expect(defineResource(proxyRecord).read(RECORD_ID, state)).resolves.toEqual({});
  });

  it("deletes a live record (PostHog answers 200 and moves it to deleting)", async () => {
    const { api, deletes } = recordsApi([["valid"]]);
    const fake = h.installFakeContext(api);
    await expect(defineResource(proxyRecord).delete(RECORD_ID, state)).resolves.toBeUndefined();
    expect(deletes).toEqual([RECORD_ID]);
    expect(fake.calls).toEqual(["proxyRecords.retrieve", "proxyRecords.delete"]);
  });

  it("does not delete a record that is already being deleted", async () => {
    const { api, deletes } = recordsApi([["deleting"]]);
    h.installFakeContext(api);
    await defineResource(proxyRecord).delete(RECORD_ID, state);
    expect(deletes).toEqual([]);
  });

  it("finishes a creation whose wait failed when the engine retries it (init errors), by waiting again", async () => {
    // Regression guard: a spec without update used to refuse the engine's retry as a provider bug.
    const { api } = recordsApi([["issuing"], ["valid"]]);
    const fake = h.installFakeContext(api);
    const news = {
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      domain: "t.example.com",
      waitForValid: { timeoutSeconds: 60, intervalSeconds: 5 },
    };
    const result = await h.withClock(() =>
      defineResource(proxyRecord).update(
        RECORD_ID,
        { ...state, status: "issuing", waitForValid: news.waitForValid },
        news,
      ),
    );
    expect(fake.calls).toEqual(["proxyRecords.retrieve", "proxyRecords.retrieve"]);
    expect(result.outs).toMatchObject({ status: "valid" });
  });
});

describe("proxy record spec: diff", () => {
  const state = {
    organizationId: h.ORG,
    domain: "t.example.com",
    targetCname: CNAME,
    status: "valid",
    message: null,
    adopted: false,
    ...h.STATE_FIELDS,
  };
  const rows: [string, Record<string, unknown>, h.Changes][] = [
    ["reports nothing when the inputs match", { organizationId: h.ORG, domain: "t.example.com" }, h.NO_CHANGES],
    [
      "compares the domain lowercase and without a trailing dot",
      { organizationId: h.ORG, domain: "T.Example.com." },
      h.NO_CHANGES,
    ],
    [
      "replaces the record when the domain changes",
      { organizationId: h.ORG, domain: "e.example.com" },
      h.replacing("domain"),
    ],
    [
      "replaces the record in another organization",
      { organizationId: OTHER_ORG, domain: "t.example.com" },
      h.replacing("organizationId"),
    ],
    [
      "ignores waitForValid, which only steers creation",
      { organizationId: h.ORG, domain: "t.example.com", waitForValid: { timeoutSeconds: 60 } },
      h.NO_CHANGES,
    ],
    [
      "ignores a changed waitForValid",
      { organizationId: h.ORG, domain: "t.example.com", waitForValid: { timeoutSeconds: 60 } },
      h.NO_CHANGES,
    ],
    ["ignores adopt", { organizationId: h.ORG, domain: "t.example.com", adopt: true }, h.NO_CHANGES],
    [
      "replaces when the domain is unknown at preview",
      { organizationId: h.ORG, domain: UNKNOWN },
      h.replacing("domain"),
    ],
  ];
  it.each(rows)("%s", (name, news, expected) => {
    const olds = name.includes("changed waitForValid")
      ? { ...state, waitForValid: { timeoutSeconds: 900, intervalSeconds: 30 } }
      : state;
    expect(computeChanges(proxyRecord, olds, news, NOW)).toEqual(expected);
  });

  it("creates the replacement before deleting the old record", async () => {
    await expect(
      defineResource(proxyRecord).diff(RECORD_ID, state, { organizationId: h.ORG, domain: "e.example.com" }),
    ).resolves.toEqual({ changes: true, replaces: ["domain"], deleteBeforeReplace: false });
  });
});
