/**
 * The provider plugin's operations over plain values, whatever the transport (grpcServer.ts
 * serves them to the engine; tests call them directly too). Every resource operation is the
 * runtime's own, the one the dynamic resources' shims call (provider/services.ts
 * `providers`): this file only maps the protocol onto it (type tokens to kinds, secrets
 * revealed and marked again, Read with only an id for imports, detailed diffs).
 *
 * One plugin process is one provider instance (the engine starts one per default or explicit
 * provider): `configure` builds its ProviderContext from that instance's configuration, so
 * two instances are two accounts, each paced on its own (ContextOptions.pacePerAccount).
 */
import { RESOURCE_NAME_KEY } from "../provider/core/check";
import { ProviderContext, type ContextOptions } from "../provider/plugin/context";
import type { AnyProvider, DiffResult } from "../provider/plugin/profile";
import { presentable } from "../provider/runtime/errors";
import { operationBoundMs, Operations } from "../provider/runtime/operations";
import { providers, SERVICES } from "../provider/services";
import { checkProviderConfig, providerConfigSource, type ConfigFailure } from "./config";
import { detailedDiff, type DiffKind } from "./detailedDiff";
import { importRead } from "./importRead";
import { allKinds, kindOf, PACKAGE } from "./kinds";
import { schema } from "./schema";
import { clean, markSecrets, reveal, revealProps, type Props } from "./values";
import { packageVersion } from "./version";

export interface PluginOptions extends Pick<ContextOptions, "env" | "tuning" | "warn"> {}

export interface CheckAnswer {
  inputs: Props;
  failures: ConfigFailure[];
}

export interface DiffAnswer {
  changes: boolean | undefined;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  detailed?: Map<string, DiffKind>;
}

export interface ReadAnswer {
  /** Empty when the record is gone. */
  id: string;
  props: Props;
  inputs: Props;
}

interface Instance {
  context: ProviderContext;
  providers: Record<string, AnyProvider>;
}

/** An Error whose message is fit for the engine's output (provider/runtime/errors.ts). */
function shown(err: unknown): Error {
  const out = presentable(err);
  return out instanceof Error ? out : new Error(String(out));
}

export class RolloutCrmPlugin {
  readonly kinds: readonly string[];
  readonly version = packageVersion();
  private instance: Instance | undefined;
  private readonly operations: Operations;

  constructor(private readonly options: PluginOptions = {}) {
    this.kinds = allKinds(new ProviderContext(SERVICES));
    const env = options.env ?? process.env;
    this.operations = new Operations(() => operationBoundMs(env));
  }

  schema(): string {
    return JSON.stringify(schema(this.kinds, this.version));
  }

  checkConfig(news: Props): CheckAnswer {
    return checkProviderConfig(news, SERVICES);
  }

  /** A changed setting updates the provider in place: its resources stay where they are. */
  diffConfig(olds: Props, news: Props): { changes: boolean; changedKeys: string[] } {
    const a = reveal(olds) as Props;
    const b = reveal(news) as Props;
    const changedKeys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== "version" && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    return { changes: changedKeys.length > 0, changedKeys };
  }

  /** Records the instance's configuration (the provider's inputs, secrets and all); sends nothing. */
  configure(args: Props): void {
    const context = new ProviderContext(SERVICES, {
      config: providerConfigSource(args, SERVICES),
      env: this.options.env,
      tuning: this.options.tuning,
      warn: this.options.warn,
      pacePerAccount: true,
    });
    this.instance = { context, providers: providers(context) };
  }

  /** Stops every operation in flight and refuses later ones: the engine cancelled the run. */
  cancel(): void {
    this.operations.stopAll(new Error(`${PACKAGE}: the update was cancelled (SIGINT or SIGTERM), so this operation was stopped and sends no more requests.`));
  }

  async check(type: string, name: string, olds: Props, news: Props): Promise<CheckAnswer> {
    return this.run(type, "check", async (provider) => {
      const { plain, secretKeys } = revealProps(news);
      // The resource's own name, as the dynamic resource classes hand it over (core/check.ts RESOURCE_NAME_KEY).
      const named = name ? { ...plain, [RESOURCE_NAME_KEY]: name } : plain;
      const result = await provider.check!(reveal(olds) as Props, named);
      const failures = (result.failures ?? []).map((f) => ({ property: f.property, reason: f.reason }));
      return { inputs: markSecrets(clean(result.inputs as Props), secretKeys), failures };
    });
  }

  async diff(type: string, id: string, olds: Props, news: Props): Promise<DiffAnswer> {
    return this.run(type, "diff", async (provider) => {
      const before = reveal(olds) as Props;
      const after = reveal(news) as Props;
      const result = (await provider.diff!(id, before, after)) as DiffResult;
      return {
        changes: result.changes,
        replaces: [...(result.replaces ?? [])],
        stables: [...(result.stables ?? [])],
        deleteBeforeReplace: result.deleteBeforeReplace ?? false,
        detailed: detailedDiff(result, before, after),
      };
    });
  }

  async create(type: string, inputs: Props): Promise<{ id: string; outs: Props }> {
    return this.run(type, "create", async (provider) => {
      const { plain, secretKeys } = revealProps(inputs);
      const result = await provider.create!(plain);
      return { id: result.id, outs: markSecrets(clean(result.outs as Props), secretKeys) };
    });
  }

  /**
   * A refresh (the state's outputs given), or an import (only the id): the record as the
   * service holds it, its inputs in the shape `check` gives, so the engine shows drift field
   * by field; an empty id when it is gone.
   */
  async read(type: string, id: string, props: Props, inputs: Props): Promise<ReadAnswer> {
    return this.run(type, "read", async (provider, kind) => {
      const { plain, secretKeys } = revealProps(props);
      for (const key of revealProps(inputs).secretKeys) secretKeys.add(key);
      const result = Object.keys(plain).length === 0 ? await importRead(kind, id, provider) : await provider.read!(id, plain);
      if (!result?.id) return { id: "", props: {}, inputs: {} };
      const outs = clean((result.props ?? {}) as Props);
      return { id: result.id, props: markSecrets(outs, secretKeys), inputs: markSecrets(clean((result.inputs ?? outs) as Props), secretKeys) };
    });
  }

  async update(type: string, id: string, olds: Props, news: Props): Promise<Props> {
    return this.run(type, "update", async (provider) => {
      const { plain, secretKeys } = revealProps(news);
      const result = await provider.update!(id, reveal(olds) as Props, plain);
      return markSecrets(clean((result.outs ?? {}) as Props), secretKeys);
    });
  }

  async delete(type: string, id: string, props: Props): Promise<void> {
    await this.run(type, "delete", async (provider) => {
      await provider.delete!(id, reveal(props) as Props);
    });
  }

  /** Runs one operation of the resource type `type` under the process's bound and cancellation. */
  private async run<T>(type: string, method: string, fn: (provider: AnyProvider, kind: string) => Promise<T>): Promise<T> {
    try {
      const kind = kindOf(type, this.kinds);
      if (!kind) throw new Error(`${PACKAGE}: unknown resource type '${type}'; this plugin serves ${this.kinds.length} types, e.g. rolloutcrm:index:CrmPerson.`);
      // The engine configures every instance before its first resource operation; without it the environment alone is read.
      if (!this.instance) this.configure({});
      const provider = this.instance!.providers[kind]!;
      return await this.operations.run(`${method} of ${type}`, () => fn(provider, kind));
    } catch (err) {
      throw shown(err);
    }
  }
}
