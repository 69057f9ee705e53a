import type * as pulumi from "@pulumi/pulumi";
import { allKnown, failuresFromIssues } from "./check";
import { context, whoAmI, type Context } from "./context";
import { computeChanges } from "./diff";
import { isNotFound, ResourceInitFailedError, withContext } from "./errors";
import { warn } from "./log";
import { toPlainJson } from "./plain";
import type { AnySpec, Failure } from "./spec";

type Props = Record<string, any>;

/** The provider methods the core derives from a spec; the runtime registry dispatches to them. */
export interface ResourceHandlers {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * Derives the Pulumi provider methods from a resource spec:
 * - check validates locally with the spec's zod schema and rules (nothing is sent to PostHog);
 * - diff is local and explicit, comparing inputs with the state PostHog last reported;
 * - create/read/update return the complete state as plain JSON with a state version;
 * - read of a missing object returns no id (refresh drops it); delete of one succeeds;
 * - an object created before a later step failed is recorded, never orphaned.
 */
export function defineResource(spec: AnySpec): ResourceHandlers {
  const noun = spec.noun ?? spec.kind;
  const describe = (inputs: Props) => describeObject(noun, inputs);

  // Write-only inputs are never read back: their state is the last applied input, whatever toState says.
  const writeOnlyOf = (inputs: Props) =>
    Object.fromEntries((spec.writeOnly ?? []).filter((k) => k in inputs).map((k) => [k, inputs[k]]));
  const stateOf = (wire: unknown, inputs: Props, extra: Props = {}) =>
    toPlainJson({
      ...withoutProvider(inputs),
      ...spec.toState(wire, inputs as any),
      ...writeOnlyOf(inputs),
      ...extra,
      stateVersion: spec.stateVersion,
    });

  const parse = (props: Props) => {
    const result = spec.args.safeParse(withoutProvider(props));
    if (!result.success)
      throw new Error(
        `invalid inputs for ${describe(props)}: ${failuresFromIssues(result.error.issues, props)
          .map((f) => `${f.property}: ${f.reason}`)
          .join("; ")}`,
      );
    return result.data as Props;
  };

  const finishCreate = async (id: string, inputs: Props) => {
    const ctx = context();
    const wire = await spec.retrieve(ctx, id, inputs);
    if (wire === undefined)
      throw new Error(
        "it no longer exists in PostHog. Run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again.",
      );
    return spec.afterCreate ? spec.afterCreate(ctx, wire, inputs) : wire;
  };

  return {
    async check(olds, news) {
      let inputs: Props = withoutProvider(news);
      const refuse = (reason: string) => ({ inputs: news, failures: [{ property: "", reason }] });
      // Settings first: a missing key or an unsafe host is the thing to fix, whatever the inputs.
      let ctx: Context;
      try {
        ctx = context();
        if (spec.defaults) inputs = { ...inputs, ...spec.defaults(inputs, ctx) };
      } catch (err) {
        return refuse((err as Error).message);
      }
      const failures: Failure[] = [];
      const result = spec.args.safeParse(inputs);
      if (!result.success) failures.push(...failuresFromIssues(result.error.issues, inputs));
      else if (spec.validate && allKnown(result.data as Props)) failures.push(...spec.validate(result.data));
      if (failures.length === 0) {
        try {
          await whoAmI(ctx);
        } catch (err) {
          failures.push({ property: "", reason: `checking the connection to PostHog: ${(err as Error).message}` });
        }
      }
      if (failures.length === 0 && result.success && spec.verify && allKnown(result.data as Props)) {
        failures.push(...(await spec.verify(ctx, result.data, withoutProvider(olds))));
      }
      const checked = result.success ? (result.data as Props) : inputs;
      return { inputs: toPlainJson({ ...checked, __provider: news.__provider }), failures };
    },

    async diff(_id, olds, news) {
      const { changed, replaces } = computeChanges(spec, olds, news);
      if (changed.length > 0 && spec.warnings && allKnown(news)) {
        const inputs = withoutProvider(news);
        for (const message of spec.warnings(withoutProvider(olds), inputs))
          await warn(`${describe(inputs)}: ${message}`);
      }
      return {
        changes: changed.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace === true,
      };
    },

    async create(props) {
      const inputs = parse(props);
      const ctx = context();
      let wire: unknown;
      let adopted = false;
      try {
        if (inputs.adopt === true && spec.adopt) wire = await spec.adopt(ctx, inputs);
        if (wire !== undefined) adopted = true;
        else wire = await spec.create(ctx, inputs);
      } catch (err) {
        throw withContext("creating", describe(inputs), err);
      }
      const id = spec.id(wire);
      // The host records these properties as the object's outputs, and later reads `__provider`
      // from the outputs to refresh or delete it: without it the object could never be removed.
      const initFailed = (step: string, err: unknown) =>
        new ResourceInitFailedError(
          id,
          toPlainJson({ ...stateOf(wire, inputs, { adopted }), __provider: props.__provider }),
          [withContext(step, describe(inputs), err).message],
        );
      if (!adopted && spec.afterCreate) {
        try {
          wire = await spec.afterCreate(ctx, wire, inputs);
        } catch (err) {
          throw initFailed("completing the creation of", err);
        }
      }
      // An adopted object that already matches the inputs needs no write (an export adopted right
      // after it was read must make none).
      if (adopted && spec.update && computeChanges(spec, stateOf(wire, inputs), inputs).changed.length > 0) {
        // Adopting converges the existing object on the program's inputs in the same step.
        try {
          wire = await spec.update(ctx, id, inputs, stateOf(wire, inputs));
        } catch (err) {
          throw initFailed("updating adopted", err);
        }
      }
      return { id, outs: stateOf(wire, inputs, { adopted }) };
    },

    async read(id, props) {
      const state = withoutProvider(props);
      try {
        const wire = await spec.retrieve(context(), id, state);
        return wire === undefined ? {} : { id, props: stateOf(wire, state) };
      } catch (err) {
        if (isNotFound(err)) return {};
        throw withContext("reading", describe(state), err);
      }
    },

    async update(id, olds, news) {
      const inputs = parse(news);
      // Without an update every change replaces, so the engine only calls this to retry an object
      // whose afterCreate failed (it has init errors): finishing the creation is the update.
      if (!spec.update && !spec.afterCreate)
        throw new Error(`${describe(inputs)} cannot be updated in place; this is a provider bug, please report it.`);
      try {
        const wire = spec.update
          ? await spec.update(context(), id, inputs, withoutProvider(olds))
          : await finishCreate(id, inputs);
        return { outs: stateOf(wire, inputs, { adopted: olds.adopted === true }) };
      } catch (err) {
        throw withContext("updating", describe(inputs), err);
      }
    },

    async delete(id, props) {
      const state = withoutProvider(props);
      try {
        await spec.delete(context(), id, state);
      } catch (err) {
        if (isNotFound(err)) return;
        throw withContext("deleting", describe(state), err);
      }
    },
  };
}

function withoutProvider(props: Props): Props {
  const { __provider: _ignored, ...rest } = props ?? {};
  return rest;
}

/** `Role "eng" in organization 0190…`: how messages name an object. */
function describeObject(noun: string, inputs: Props): string {
  const name = inputs.name ?? inputs.email ?? inputs.domain ?? inputs.userUuid;
  const label = typeof name === "string" ? `${noun} "${name}"` : noun;
  return typeof inputs.organizationId === "string" ? `${label} in organization ${inputs.organizationId}` : label;
}
