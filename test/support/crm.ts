/** Support shared by the CRM tests: the e2e ones drive test/e2e/programs/crm. */
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
import type { TestStack } from "./stack";

type Checking<I> = Pick<pulumi.dynamic.ResourceProvider<I>, "check">;

/** The inputs `check` returns for `news`, which must pass. */
export async function checked<I>(provider: Checking<I>, news: Record<string, unknown>): Promise<I> {
  const result = await provider.check!({} as I, news as I);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as I;
}

/** Sets the records the CRM program creates: people by resource name, notes naming their person. */
export async function setCrmRecords(t: TestStack, people: Record<string, unknown>, notes: Record<string, unknown> = {}): Promise<void> {
  await t.stack.setAllConfig({ people: { value: JSON.stringify(people) }, notes: { value: JSON.stringify(notes) } });
}

/** The error text of an operation that must fail (the CLI's stdout and stderr included). */
export async function failureText(run: Promise<unknown>): Promise<string> {
  const err = await run.then(
    () => undefined,
    (e: any) => e,
  );
  expect(err, "the operation should have failed").toBeInstanceOf(Error);
  return `${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`;
}
