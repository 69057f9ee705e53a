import { NotFoundError } from "../../client";

/** True for PostHog's "this object does not exist" answer, the only status the core interprets. */
export function isNotFound(err: unknown): boolean {
  return NotFoundError.isInstance(err);
}

/**
 * Wraps an error with what was being done to which object, keeping the client's message (which
 * carries PostHog's detail, the status and a hint, and never the API key). Only the message is kept:
 * the engine prints it, and nothing else from the original error can leak into logs.
 */
export function withContext(action: string, what: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${action} ${what}: ${message}`);
}

/**
 * The shape the Node dynamic-provider host turns into ErrorResourceInitFailed: the object exists in
 * PostHog, so the engine records it in state (with these properties) instead of orphaning it.
 */
export class ResourceInitFailedError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

/**
 * Why `import:` (or `Resource.get`) cannot take over a PostHog object, and what to use instead. The
 * engine then asks for an object this provider never recorded; dynamic resources cannot import
 * (the host needs the serialized provider from state), so the answer is adoption.
 */
export function importRefusal(noun: string, id: string): Error {
  return new Error(
    `${noun} ${id} cannot be imported: Pulumi's dynamic resources do not support \`import\` or \`.get\`. Remove the \`import\` option and set \`adopt: true\` on the resource instead: the next \`pulumi up\` takes the existing object over by its natural key.`,
  );
}
