import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { providerText, type PostHogShim } from "../shim/posthog-shim";

/** How long a resource waits for PostHog to reach a state, and how often it checks. */
export interface WaitOptions {
  /** Give up after this many seconds (at most 3600). */
  timeoutSeconds: pulumi.Input<number>;
  /** Check every this many seconds (at least 1). @default 10 */
  intervalSeconds?: pulumi.Input<number>;
}

/** The `module` of every PostHog type token: `pulumi-nodejs:dynamic/posthog:<Kind>`. */
const MODULE = "posthog";

/**
 * PostHogResource is the base of every PostHog resource: a Pulumi dynamic resource (type
 * `pulumi-nodejs:dynamic/posthog:<Kind>`, served by Pulumi's dynamic-provider plugin) whose
 * `__provider`, the text the plugin evaluates to find the provider, is the kind's one-line
 * {@link providerText} instead of what `pulumi.dynamic.Resource` would write, Pulumi's closure
 * serialization of the provider object. The engine stores the text twice per resource and rewrites
 * the whole state after every step: the closure form was 277 bytes at best (3.7 KB from a plain
 * checkout) and changes with the closure serializer from one @pulumi/pulumi release to the next;
 * this one is 60-odd bytes and changes only with the kind.
 */
export abstract class PostHogResource extends pulumi.CustomResource {
  constructor(shim: PostHogShim, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    // The SDK records a stack trace for each of the four promises behind every output (for its
    // promise-leak report), and formatting them was most of a resource's registration: 0.4 s of
    // program CPU at 500 resources, before the engine could start on the first one. Without stack
    // frames they cost next to nothing. The resource's source position, which the SDK captures
    // with its own limit, is kept, and PULUMI_DEBUG_PROMISE_LEAKS keeps the traces.
    const stackTraceLimit = Error.stackTraceLimit;
    const prepareStackTrace = Error.prepareStackTrace;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    Error.prepareStackTrace = (err, frames) => programFrames(err, frames, prepareStackTrace);
    try {
      super(
        `pulumi-nodejs:dynamic/${MODULE}:${shim.kind}`,
        name,
        { ...props, __provider: providerText(shim.kind) },
        opts,
      );
    } catch (err) {
      Error.stackTraceLimit = stackTraceLimit;
      // The SDK's refusal was made without frames: give it the program's.
      if (err instanceof Error) Error.captureStackTrace(err, PostHogResource);
      throw err;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
      Error.prepareStackTrace = prepareStackTrace;
    }
  }
}

/** How many of the program's frames a resource's recorded stack keeps: its line and that line's caller. */
const PROGRAM_FRAMES = 2;

/** This directory, where the base class and every kind's constructor live. */
const RESOURCES_DIR = __dirname + path.sep;

/**
 * Formats a stack trace taken while a PostHog resource registers, for the SDK's record of where the
 * program created it. The SDK drops its own frames and ours, the five on top, counting from the
 * base class's constructor, and sends every other frame to the engine, which stores them in state
 * with each resource: 616 bytes a resource, the program's whole call stack down to Pulumi's
 * runtime, and a third of what the file backend rewrites after every step. Past the base class,
 * this drops the kind's own constructor (so the source position is the program's line, not
 * this package's) and keeps {@link PROGRAM_FRAMES} of the program's. Any formatter installed
 * before (ts-node's source maps) formats what is kept.
 */
function programFrames(err: Error, frames: NodeJS.CallSite[], previous: typeof Error.prepareStackTrace): string {
  const ours = (f: NodeJS.CallSite) => f.getFileName()?.startsWith(RESOURCES_DIR);
  const base = frames.findIndex(ours);
  const kept =
    base < 0
      ? frames
      : [
          ...frames.slice(0, base + 1),
          ...frames
            .slice(base + 1)
            .filter((f) => !ours(f))
            .slice(0, PROGRAM_FRAMES),
        ];
  return previous ? previous(err, kept) : `${err}${kept.map((f) => `\n    at ${f}`).join("")}`;
}

/**
 * AdoptableResource represents a PostHog object a program can take over (`adopt: true`) instead of
 * creating: the outputs every such resource has, one per key of the runtime's `Adoptable` state
 * and the two adoption inputs.
 */
export abstract class AdoptableResource extends PostHogResource {
  /** Whether the object existed before and was adopted rather than created. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The `adopt` input: whether an existing object with the same natural key is taken over instead of created. */
  declare readonly adopt: pulumi.Output<boolean | null | undefined>;
  /** The `deleteAdopted` input: whether destroy deletes the object even though it was adopted. */
  declare readonly deleteAdopted: pulumi.Output<boolean | null | undefined>;
}

/**
 * The output names of a resource: one per key of its spec's state `S`, so a missing or extra one
 * does not compile. The keys are the state type's; `props` needs them as values (the engine creates
 * an output only for a key the props hold).
 */
export function outputNames<S>(names: { [K in keyof S]-?: true }): readonly string[] {
  return Object.keys(names);
}

/**
 * Builds the props object for a dynamic resource: the given inputs plus every output set to
 * `undefined` so the engine fills them.
 */
export function props(inputs: Record<string, unknown>, outputs: readonly string[]): pulumi.Inputs {
  const result: pulumi.Inputs = { ...inputs };
  for (const key of outputs) if (!(key in result)) result[key] = undefined;
  return result;
}
