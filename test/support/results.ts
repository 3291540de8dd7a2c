/**
 * Pulumi declares a dynamic provider's results loosely (`outs?`, `inputs?`); ours always fill
 * them. Tests take them through here: the type narrows, and a result without them fails the
 * test with a message naming what is missing instead of a TypeError further on.
 */

/** `value`, which must be there: `what` names it in the failure. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, got undefined`);
  return value;
}

/** A create's or update's result, whose outputs must be there. */
export function withOuts<R extends { readonly outs?: unknown }>(result: R): R & { readonly outs: NonNullable<R["outs"]> } {
  const outs = result.outs;
  if (outs === undefined || outs === null) throw new Error("expected the provider's outputs, got none");
  return { ...result, outs };
}
