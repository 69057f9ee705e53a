// Test-side access to the PostHog API emulator: a typed client for its control API and a helper
// that starts an in-process emulator for a test file.
import type { State } from "../emulator/model/model";
import type { RandomFaultReport, RandomFaultSpec } from "../emulator/faults/faults";
import { startEmulator, type EmulatorOptions, type LoggedRequest } from "../emulator/http/server";

/** The result of {@link EmulatorControl.bootstrap}. */
export interface Bootstrapped {
  user: { id: number; uuid: string; email: string };
  organization: { id: string; name: string; slug: string };
  project: { id: number };
  api_key: string;
}

/** Body of {@link EmulatorControl.addFault}. */
export interface FaultInput {
  method?: string;
  /** A regular expression matched against the request path. */
  path: string;
  kind: "latency" | "429" | "5xx" | "reset-before" | "reset-after";
  times?: number;
  latency_ms?: number;
  retry_after?: number;
  status?: number;
}

/** Body of {@link EmulatorControl.settings}. */
export interface SettingsInput {
  rate_limit_enabled?: boolean;
  burst_per_minute?: number;
  sustained_per_hour?: number;
  project_quota?: number | null;
  proxy_record_quota?: number;
  features?: string[];
  /** PostHog's DISABLE_BULK_DELETES: organization and project deletes answer 400. */
  bulk_deletes_disabled?: boolean;
}

/** The store dump returned by {@link EmulatorControl.state}. */
export type StateDump = State & {
  settings: Required<SettingsInput>;
  faults: FaultInput[];
  clock: { now: string; offset_seconds: number };
};

/** Object kinds the control API can change or delete out of band. */
export type ObjectKind =
  | "organization"
  | "project"
  | "member"
  | "invite"
  | "role"
  | "role_membership"
  | "domain"
  | "proxy_record"
  | "batch_export"
  | "user";

/** EmulatorControl is a typed client for the emulator's `/_emulator/` control API. */
export class EmulatorControl {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const data: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: ${res.status} ${text}`);
    return data as T;
  }

  /** Empties the store, faults and request log; settings back to defaults. */
  reset(): Promise<void> {
    return this.call("POST", "/reset");
  }

  /** Creates a user, an organization (with its default project), a membership and an API key. */
  bootstrap(
    input: {
      email?: string;
      first_name?: string;
      org_name?: string;
      scopes?: string[] | null;
      level?: 1 | 8 | 15;
    } = {},
  ): Promise<Bootstrapped> {
    return this.call("POST", "/bootstrap", input);
  }

  /** Creates a user. */
  createUser(input: {
    email: string;
    first_name?: string;
  }): Promise<{ id: number; uuid: string; email: string; first_name: string }> {
    return this.call("POST", "/users", input);
  }

  /** Adds a user to an organization at a level. */
  addMembership(input: {
    organization_id: string;
    user_uuid?: string;
    email?: string;
    level: 1 | 8 | 15;
  }): Promise<{ id: string; level: number }> {
    return this.call("POST", "/memberships", input);
  }

  /** Creates a personal API key (scopes null/omitted = legacy unscoped key). */
  async createApiKey(input: {
    user_uuid?: string;
    email?: string;
    scopes?: string[] | null;
    scoped_organizations?: string[];
    scoped_teams?: number[];
  }): Promise<string> {
    return (await this.call<{ api_key: string }>("POST", "/api_keys", input)).api_key;
  }

  /** Accepts an invite as the invitee would. */
  acceptInvite(
    inviteId: string,
    input: { first_name?: string } = {},
  ): Promise<{ user: { id: number; uuid: string; email: string } }> {
    return this.call("POST", `/invites/${inviteId}/accept`, input);
  }

  /** Moves the emulator clock forward. */
  advanceClock(seconds: number): Promise<{ now: string; offset_seconds: number }> {
    return this.call("POST", "/clock/advance", { seconds });
  }

  /** The emulator's current time. */
  clock(): Promise<{ now: string; offset_seconds: number }> {
    return this.call("GET", "/clock");
  }

  /** Sets (or with [] removes) an emulated DNS TXT record. */
  setTxt(name: string, values: string[]): Promise<void> {
    return this.call("PUT", "/dns/txt", { name, values });
  }

  /** Moves a proxy record to a status, as PostHog's background workflow would. */
  setProxyStatus(id: string, status: string, message?: string): Promise<unknown> {
    return this.call("POST", `/proxy_records/${id}/status`, { status, message });
  }

  /** Merges fields into a stored object out of band (drift). Members need `organizationId`. */
  patchObject(
    kind: ObjectKind,
    id: string | number,
    fields: Record<string, unknown>,
    organizationId?: string,
  ): Promise<Record<string, unknown>> {
    return this.call(
      "PATCH",
      `/objects/${kind}/${id}${organizationId ? `?organization_id=${organizationId}` : ""}`,
      fields,
    );
  }

  /** Deletes a stored object out of band. Members need `organizationId`. */
  deleteObject(kind: ObjectKind, id: string | number, organizationId?: string): Promise<void> {
    return this.call("DELETE", `/objects/${kind}/${id}${organizationId ? `?organization_id=${organizationId}` : ""}`);
  }

  /** Registers a fault; returns its id. */
  async addFault(fault: FaultInput): Promise<number> {
    return (await this.call<{ id: number }>("POST", "/faults", fault)).id;
  }

  /** Removes every fault. */
  clearFaults(): Promise<void> {
    return this.call("DELETE", "/faults");
  }

  /** Sets a seeded random mix of faults over every matching API request (see test/emulator/faults/faults.ts). */
  async setRandomFaults(spec: RandomFaultSpec): Promise<RandomFaultReport> {
    return (await this.call<{ random: RandomFaultReport }>("PUT", "/faults/random", spec)).random;
  }

  /** What the random mix did so far, or null when none is set. */
  async randomFaults(): Promise<RandomFaultReport | null> {
    return (await this.call<{ random: RandomFaultReport | null }>("GET", "/faults/random")).random;
  }

  /** Stops the random mix (registered faults stay). */
  clearRandomFaults(): Promise<void> {
    return this.call("DELETE", "/faults/random");
  }

  /** The API request log and per-route counts (`"POST /api/organizations/{organization_id}/roles/"`). */
  requests(): Promise<{ requests: LoggedRequest[]; counts: Record<string, number> }> {
    return this.call("GET", "/requests");
  }

  /** Clears the request log. */
  clearRequests(): Promise<void> {
    return this.call("DELETE", "/requests");
  }

  /** Changes emulator settings (rate limits, quotas, organization features). */
  settings(input: SettingsInput): Promise<Required<SettingsInput>> {
    return this.call("PUT", "/settings", input);
  }

  /** Dumps the whole store: its collections at the top level (`roles`, `invites`, …) plus settings. */
  state(): Promise<StateDump> {
    return this.call("GET", "/state");
  }
}

/** A running test emulator. */
export interface TestEmulator {
  url: string;
  control: EmulatorControl;
  close(): Promise<void>;
}

/** The emulators of this test file that are still open, by URL: the secret scan reads their secrets. */
export const openEmulators = new Map<string, TestEmulator>();

/** Starts an in-process emulator on a random loopback port. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  const test: TestEmulator = {
    url: emulator.url,
    control: new EmulatorControl(emulator.url),
    close: () => {
      openEmulators.delete(emulator.url);
      return emulator.close();
    },
  };
  openEmulators.set(emulator.url, test);
  return test;
}

/**
 * Starts an emulator before the tests of the enclosing describe block and closes it after.
 * Returns a getter because the emulator exists only once beforeAll has run.
 */
export function withEmulator(options: EmulatorOptions = {}): () => TestEmulator {
  let current: TestEmulator | undefined;
  beforeAll(async () => {
    current = await startTestEmulator(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error("withEmulator(): the emulator is only available inside tests");
    return current;
  };
}
