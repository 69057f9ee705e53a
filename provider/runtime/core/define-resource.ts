import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { allKnown, failuresFromIssues, parseKnown } from "./check";
import { context, serverNow, whoAmI, type Context } from "./context";
import { computeChanges, plannedEffects } from "./diff";
import { PostHogApiError } from "../../client";
import { importRefusal, isNotFound, ResourceInitFailedError, withContext } from "./errors";
import { INPUT_KEYS, inputNames, refreshedInputs, STATE_VERSION } from "./inputs";
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
 * - an object created before a later step failed is recorded, never orphaned;
 * - an object an interrupted run left under the declared natural key is taken over or named (`existing`).
 */
export function defineResource(spec: AnySpec): ResourceHandlers {
  const noun = spec.noun ?? spec.kind;
  const describe = (inputs: Props) => describeObject(noun, spec.label ?? [], inputs);

  // Write-only inputs are never read back: their state is the last applied input, whatever toState says.
  const writeOnlyOf = (inputs: Props) =>
    Object.fromEntries((spec.writeOnly ?? []).filter((k) => k in inputs).map((k) => [k, inputs[k]]));
  // The inputs the program set, recorded so a refresh returns exactly those (internal, never diffed).
  const names = inputNames(spec.args);
  const inputKeysOf = (inputs: Props): string[] =>
    Array.isArray(inputs[INPUT_KEYS])
      ? inputs[INPUT_KEYS]
      : Object.keys(inputs).filter((k) => inputs[k] !== undefined && (names ? names.includes(k) : !k.startsWith("__")));
  const stateOf = (wire: unknown, inputs: Props, extra: Props = {}) => {
    const { stateVersion: _legacy, ...given } = withoutProvider(inputs);
    return toPlainJson({
      ...given,
      ...spec.toState(wire, inputs as any),
      ...writeOnlyOf(inputs),
      ...extra,
      [INPUT_KEYS]: inputKeysOf(given),
      [STATE_VERSION]: spec.stateVersion,
    });
  };

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

  // Without `adopt`, PostHog refused to create an object whose natural key is unique: when the object
  // is there under the declared key, it is the one an interrupted run created (the engine recorded
  // the create as pending and forgot it), so it is taken over rather than leaving a dead end.
  const takeOver = async (ctx: Context, inputs: Props, err: unknown): Promise<unknown> => {
    const refused = PostHogApiError.isInstance(err) && (err.status === 400 || err.status === 409);
    if (spec.existing !== "take" || !spec.adopt || !refused) return undefined;
    const found = await Promise.resolve()
      .then(() => spec.adopt!(ctx, inputs))
      .catch(() => undefined);
    if (found !== undefined && spec.exactMatch && !spec.exactMatch(found, inputs)) {
      throw new Error(
        `${(err as Error).message}\n${describe(inputs)}: PostHog holds ${noun} ${spec.id(found)} under the same key. ` +
          "Set `adopt: true` on this resource to take it over, or give this one another name.",
      );
    }
    if (found !== undefined)
      await warn(
        `${describe(inputs)} already existed in PostHog (id ${spec.id(found)}), most likely created by an interrupted \`pulumi up\`; it was taken over instead of created again.`,
      );
    return found;
  };

  // Names that PostHog does not keep unique: one that exists already is never silently doubled.
  const refuseExisting = async (ctx: Context, inputs: Props): Promise<void> => {
    let found: unknown;
    try {
      found = await spec.adopt!(ctx, inputs);
    } catch (err) {
      throw new Error(`${(err as Error).message} Nothing was created.`);
    }
    if (found === undefined) return;
    throw new Error(
      `${describe(inputs)} already exists in PostHog (id ${spec.id(found)}), and PostHog does not keep ${noun} names unique, so a second one was not created. ` +
        `If an interrupted \`pulumi up\` created it, set \`adopt: true\` on this resource to take it over; if it is another ${noun}, give this one another name.`,
    );
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
      // Every rule runs on what is known: a rule is skipped only when an input it reads is unknown
      // (the specs guard with isKnown), never because some other input is.
      const parsed = parseKnown(spec.args, inputs);
      const failures: Failure[] = parsed.ok ? [] : [...parsed.failures];
      if (parsed.ok && spec.validate) failures.push(...spec.validate(parsed.data));
      if (failures.length === 0) {
        try {
          await whoAmI(ctx);
        } catch (err) {
          failures.push({ property: "", reason: `checking the connection to PostHog: ${(err as Error).message}` });
        }
      }
      if (failures.length === 0 && parsed.ok && spec.verify) {
        try {
          failures.push(...(await spec.verify(ctx, parsed.data, withoutProvider(olds))));
        } catch (err) {
          // The lookups are reads: a failure says which object and what PostHog answered, never a stack.
          failures.push({
            property: "",
            reason: `checking ${describe(inputs)} against PostHog: ${(err as Error).message ?? String(err)}`,
          });
        }
      }
      const checked = parsed.ok ? parsed.data : inputs;
      return { inputs: toPlainJson({ ...checked, __provider: news.__provider }), failures };
    },

    async diff(_id, olds, news) {
      const changes = computeChanges(spec, olds, news, serverNow());
      const { changed, replaces } = changes;
      if (changed.length > 0) {
        // What the plan's word ("update", "replace") will really do in PostHog, where it differs.
        const inputs = withoutProvider(news);
        const state = withoutProvider(olds);
        const messages = plannedEffects(spec, state, changes);
        if (spec.warnings && allKnown(news)) messages.push(...spec.warnings(state, inputs, changes));
        for (const message of messages) await warn(`${describe(inputs)}: ${message}`);
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
      let takenOver = false;
      try {
        if (inputs.adopt === true && spec.adopt) wire = await spec.adopt(ctx, inputs);
        if (wire !== undefined) adopted = true;
        else {
          if (inputs.adopt !== true && spec.existing === "refuse") await refuseExisting(ctx, inputs);
          try {
            wire = await spec.create(ctx, inputs);
          } catch (err) {
            wire = inputs.adopt !== true ? await takeOver(ctx, inputs, err) : undefined;
            if (wire === undefined) throw err;
            takenOver = true;
          }
        }
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
      if (!adopted && !takenOver && spec.afterCreate) {
        try {
          wire = await spec.afterCreate(ctx, wire, inputs);
        } catch (err) {
          throw initFailed("completing the creation of", err);
        }
      }
      // An adopted object that already matches the inputs needs no write (an export adopted right
      // after it was read must make none).
      if (
        (adopted || takenOver) &&
        spec.update &&
        computeChanges(spec, stateOf(wire, inputs), inputs, serverNow()).changed.length > 0
      ) {
        // Adopting converges the existing object on the program's inputs in the same step.
        try {
          wire = await spec.update(ctx, id, inputs, stateOf(wire, inputs));
        } catch (err) {
          throw initFailed("updating adopted", err);
        }
      } else if (takenOver && spec.afterCreate) {
        // The interrupted run may have stopped before completing the creation: complete it now.
        try {
          wire = await spec.afterCreate(ctx, wire, inputs);
        } catch (err) {
          throw initFailed("completing the creation of", err);
        }
      }
      return { id, outs: stateOf(wire, inputs, { adopted }) };
    },

    async read(id, props) {
      const state = withoutProvider(props);
      // No state of ours: the engine is importing (`import:` or `.get`), which dynamic resources cannot do.
      if (state[STATE_VERSION] === undefined && state.stateVersion === undefined) throw importRefusal(noun, id);
      try {
        const wire = await spec.retrieve(context(), id, state);
        if (wire === undefined) return {};
        const refreshed = stateOf(wire, state);
        // Unchanged since the last step: without `inputs` the engine keeps the ones it has, which
        // spares both processes serializing and comparing them (a refresh of a large org is mostly this).
        if (isDeepStrictEqual(refreshed, state)) return { id, props: refreshed };
        return { id, props: refreshed, inputs: refreshedInputs(refreshed, inputKeysOf(state)) };
      } catch (err) {
        if (isNotFound(err)) return {};
        throw withContext("reading", describe(state), err);
      }
    },

    async update(id, olds, news) {
      const inputs = parse(news);
      // Without an update every change but a provider policy (deleteAdopted) replaces, so the engine
      // calls this to record a policy, or to retry an object whose afterCreate failed (it has init
      // errors): re-reading (and finishing the creation) is the update.
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
      // An object the program adopted was not created by it: removing the resource leaves it in PostHog.
      if (state.adopted === true && state.deleteAdopted !== true) {
        await warn(
          `${describe(state)} was adopted, not created by this stack: it stays in PostHog and only leaves the stack's state. To delete adopted objects, set deleteAdopted: true and run \`pulumi up\` before removing them.`,
        );
        return;
      }
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

/** `Role "eng" in organization 0190…`: how messages name an object, by the first `label` input set. */
function describeObject(noun: string, labelKeys: readonly string[], inputs: Props): string {
  const name = labelKeys.map((k) => inputs[k]).find((v) => v !== undefined && v !== null);
  const label = typeof name === "string" ? `${noun} "${name}"` : noun;
  return typeof inputs.organizationId === "string" ? `${label} in organization ${inputs.organizationId}` : label;
}
