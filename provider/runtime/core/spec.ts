import type { z } from "zod";
import type { Context } from "./context";
import type { Changes } from "./diff";

/** A problem with one input, reported at preview as a Pulumi check failure. */
export interface Failure {
  /** The input's name as the user wrote it (dotted for nested fields). */
  property: string;
  /** A full sentence that says what is wrong and how to fix it. */
  reason: string;
}

/**
 * The state a resource records and its class exposes as outputs: every input, as PostHog last
 * reported it (or as last applied, for what PostHog never returns; null where PostHog reports
 * nothing), plus the computed outputs `C`. Each spec names its own as `<Class>State`, and the
 * resource class declares one output per key (checked in test/unit/types.test.ts).
 */
export type StateOf<I, C> = { [K in Exclude<keyof I, keyof C>]: I[K] | Nullable<I[K]> } & { [K in keyof C]: C[K] };
type Nullable<T> = undefined extends T ? null : never;

/** Present in the state of every kind that adopts: whether the object was adopted rather than created. */
export interface Adoptable {
  /** Whether the object existed before and was adopted rather than created. */
  adopted: boolean;
}

/**
 * What `toState` reports: every computed output (a key of the state that is not an input; `adopted`
 * is the core's), and any input-shaped key as PostHog reports it (the core keeps the applied value
 * of the others).
 */
export type Reported<I, S> = { [K in Exclude<keyof S, keyof I | keyof Adoptable>]: S[K] } & {
  [K in keyof I & keyof S]?: S[K];
};

/**
 * What a spec's schema yields: its inputs, with `organizationId` still optional (`defaults` fills it
 * from the provider configuration before the schema runs).
 */
export type SchemaOutput<I> = Omit<I, "organizationId"> & Partial<Pick<I, "organizationId" & keyof I>>;

/** The state as the core hands it back to a spec: the inputs last applied, and what was recorded (an older layout may lack some). */
export type Recorded<I, S> = I & Partial<S>;

/**
 * ResourceSpec represents one PostHog object kind declaratively: its input schema, which inputs
 * replace it, how wire objects map to state, and the API calls. The core (define-resource.ts)
 * derives every Pulumi provider method from it, so 404 handling, unknown values, output
 * completeness and error wording live once, there.
 *
 * `I` is the validated inputs (camelCase), `W` the wire object PostHog returns, `S` the state
 * (`StateOf` the inputs and the computed outputs), `K` the kind (the registry in runtime/index.ts
 * checks it against its key).
 */
export interface ResourceSpec<
  I extends Record<string, unknown>,
  W,
  S extends Record<string, unknown> = Record<string, unknown>,
  K extends string = string,
> {
  /** The resource class name, also the shim kind and the Pulumi type token's last part. */
  kind: K;
  /**
   * The input that names the object in messages (`Role "eng"`), e.g. `name` or `email`; when it is
   * unset the next one listed. Absent: messages say only the noun.
   */
  label?: readonly (keyof I & string)[];
  /** What the object is called in messages, e.g. `Role`. Defaults to `kind`. */
  noun?: string;
  /** Version of the state layout written by this spec; bumped when the layout changes. */
  stateVersion: number;
  /** Strict zod schema of the inputs (z.strictObject), with PostHog's constraints and messages. */
  args: z.ZodType<SchemaOutput<I>>;
  /** Inputs whose change replaces the object. A spec without `update` replaces on any change. */
  replaceOnChanges?: readonly (keyof I & string)[];
  /** Delete the old object before creating its replacement (natural keys unique server-side). */
  deleteBeforeReplace?: boolean;
  /** Inputs compared by `normalize` rather than literally (e.g. case-insensitive names). */
  normalize?: Partial<{ [K in keyof I]: (value: I[K]) => unknown }>;
  /** Inputs PostHog never returns (write-only); their state value is the last applied input. */
  writeOnly?: readonly (keyof I & string)[];
  /** Cross-field rules zod cannot express; runs at preview, locally, after the schema passed. */
  validate?(inputs: I): Failure[];
  /**
   * Warnings for a planned change, shown in preview and up output: what the change will really do
   * in PostHog where the plan's word ("update", "replace") suggests otherwise (a replaced invite
   * sends a new email, a replaced role loses its memberships), or settings PostHog will not accept
   * yet, and why. Local and pure, like diff: `state` is the last recorded state.
   */
  warnings?(state: Recorded<I, S>, inputs: I, changes: Changes): string[];
  /**
   * Read-only lookups that catch at preview what the schema cannot (e.g. a membership for someone
   * who is not a member). Runs only when the inputs are valid and known; reads are cached. `olds`
   * are the inputs the object was last applied with (empty for a new object).
   */
  verify?(ctx: Context, inputs: I, olds: Partial<I>): Promise<Failure[]>;
  /** Fills defaults that come from provider configuration (e.g. organizationId). */
  defaults?(inputs: Partial<I>, ctx: Context): Partial<I>;

  /**
   * State-dependent diff rules, applied after the input comparison (e.g. an invite that expired,
   * judged at `now` on PostHog's clock, is replaced although no input changed). Local and pure.
   */
  refineDiff?(changes: Changes, state: Recorded<I, S>, news: I, now: number): Changes;

  /** The id Pulumi records for a wire object. */
  id(wire: W): string;
  /**
   * Builds the state from a wire object: every computed output, and input-shaped fields as PostHog
   * reports them. `inputs` is what was applied (on refresh: the recorded state).
   */
  toState(wire: W, inputs: Recorded<I, S>): Reported<I, S>;

  /** Creates the object; returns the wire object. */
  create(ctx: Context, inputs: I): Promise<W>;
  /**
   * Further calls that complete a create (e.g. registering product intents, waiting for a status).
   * If one fails, the object already exists: the core records it in state rather than orphaning
   * it, and the engine retries on the next `up` through update (for a spec without `update`, the
   * core re-reads the object and runs `afterCreate` again).
   */
  afterCreate?(ctx: Context, wire: W, inputs: I): Promise<W>;
  /**
   * Reads the object; throws the client's NotFoundError, or returns undefined, when it is gone. Only
   * a real 404, or a complete list without the object, means gone: a list read that failed or came
   * back incomplete throws, so a failed refresh never drops the object from state.
   */
  retrieve(ctx: Context, id: string, state: Recorded<I, S>): Promise<W | undefined>;
  /** Updates changed inputs in place (PATCH). Absent: every change replaces. */
  update?(ctx: Context, id: string, news: I, olds: Recorded<I, S>): Promise<W>;
  /** Deletes the object; a NotFoundError counts as success. */
  delete(ctx: Context, id: string, state: Recorded<I, S>): Promise<void>;
  /** Finds an existing object by natural key for `adopt: true`; undefined when there is none. */
  adopt?(ctx: Context, inputs: I): Promise<W | undefined>;
  /**
   * What create does, without `adopt: true`, about an object that already exists under the natural
   * key `adopt` looks for — typically one an interrupted `pulumi up` created and never recorded:
   * - `"take"`: PostHog keeps the key unique (a role name, a domain), so the object PostHog refuses
   *   to create twice is certainly the declared one: it is taken over and recorded as created.
   * - `"refuse"`: the key is not unique in PostHog (project names), so create looks first and, when
   *   one exists, stops with an error naming `adopt: true` rather than make a second one.
   * Absent: creating never collides (an invite replaces the earlier one).
   */
  existing?: "take" | "refuse";
  /**
   * For `existing: "take"`: whether the object found is exactly the declared one (e.g. the same
   * name, not merely the same ignoring case). Otherwise it is not taken over: the error names
   * `adopt: true`. Absent: every object found under the key is.
   */
  exactMatch?(wire: W, inputs: I): boolean;
}

/** Erases a spec's type parameters for the kind registry. */
export type AnySpec = ResourceSpec<any, any, any, string>;
