/**
 * What the resource classes check in the program, before the engine sees a resource
 * (issue 22, item 9): a JavaScript program gets no compiler check of its arguments, and the
 * `import` resource option fails inside the engine with a message that names nothing useful.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * The props a resource class hands to `dynamic.Resource`, plus every argument it does not
 * declare, so that `check` refuses a misspelt one (`teamadmin`) at preview, naming it with
 * "did you mean", instead of the class dropping it silently. TypeScript refuses these at
 * compile time already.
 */
export function propsWithUnknownArgs<P extends Record<string, unknown>>(props: P, args: object | undefined): P {
  const extra = Object.entries(args ?? {}).filter(([key, value]) => !Object.prototype.hasOwnProperty.call(props, key) && value !== undefined);
  return extra.length === 0 ? props : { ...Object.fromEntries(extra), ...props };
}

/**
 * Refuses the `import` resource option: the engine reads an imported dynamic resource
 * without its serialized provider (pulumi/pulumi#16175) and fails with "Cannot read
 * properties of undefined (reading 'toJavaScript')". The `importId` argument does the job.
 */
export function refuseImportOption(resourceType: string, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.import === undefined || opts.import === null) return;
  const id = typeof opts.import === "string" ? JSON.stringify(opts.import) : "<the record's id>";
  throw new pulumi.RunError(
    `${resourceType} '${name}': the \`import\` resource option does not work for dynamic resources (pulumi/pulumi#16175). ` +
      `Adopt the existing record with the \`importId\` argument instead (importId: ${id}) and remove the \`import\` option.`,
  );
}
