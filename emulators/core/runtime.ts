/**
 * The live state of one emulator apart from HTTP: store, settings, limiter, faults and the
 * request log, plus `dispatch`, which runs an API request through the service's pipeline.
 */
import { DataFile } from "./dataFile";
import { Faults, noFaults } from "./faults";
import { SlidingWindowLimiter } from "./rateLimit";
import { matchRoute } from "./router";
import type { ServiceContext, ServiceDefinition, Store } from "./service";
import { defaultSettings, type Settings } from "./settings";
import { ReplyError, type ApiRequest, type Clock, type Reply } from "./types";

/** One line of `GET /_emulator/requests`. `status` 0 = the connection was dropped, no answer. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/** Marks a log entry whose answer has not been sent yet; such entries are not listed. */
export const PENDING = -1;

export interface RuntimeOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Where loud messages go (unknown routes, crashes); default: stderr. */
  readonly log?: (line: string) => void;
  readonly dataFile?: string;
}

export class EmulatorRuntime<S extends Store> {
  readonly store: S;
  readonly clock: Clock;
  readonly faults: Faults;
  settings: Settings;
  /** Replaced (not emptied) on reset, so answers still in flight land in the old array. */
  requestLog: RequestLogEntry[] = [];
  readonly log: (line: string) => void;
  private readonly limiter: SlidingWindowLimiter;
  private readonly dataFile: DataFile | undefined;
  readonly context: ServiceContext<S>;

  constructor(
    readonly definition: ServiceDefinition<S>,
    options: RuntimeOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.store = definition.createStore(this.clock);
    this.faults = new Faults(noFaults, options.random ?? Math.random);
    this.settings = defaultSettings(definition.rateLimit);
    this.limiter = new SlidingWindowLimiter(this.clock);
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.dataFile = options.dataFile === undefined ? undefined : new DataFile(options.dataFile);
    const saved = this.dataFile?.read(definition.name);
    if (saved !== undefined) this.store.restore(saved);
    this.context = {
      store: this.store,
      clock: this.clock,
      rateLimit: (key) =>
        this.settings.rateLimit
          ? this.limiter.take(key, {
              max: this.settings.rateLimitMax,
              windowMs: this.settings.rateLimitWindowMs,
              countRejected: definition.rateLimit.countRejected,
            })
          : { allowed: true },
      notReadyMs: () => {
        // Called on people calls only: an armed window starts at the first of them.
        if (this.settings.notReadyArmedMs > 0) {
          this.settings = { ...this.settings, notReadyUntil: this.clock.now() + this.settings.notReadyArmedMs, notReadyArmedMs: 0 };
        }
        return Math.max(0, this.settings.notReadyUntil - this.clock.now());
      },
    };
  }

  /** `POST /_emulator/reset`: no records, no log, no faults, default settings, fresh limiter. */
  reset(): void {
    this.store.clear();
    this.requestLog = [];
    this.faults.set(noFaults);
    this.settings = defaultSettings(this.definition.rateLimit);
    this.limiter.reset();
    this.persist();
  }

  persist(): void {
    this.dataFile?.write(this.definition.name, this.store.snapshot());
  }

  /** Runs one API request through beforeRouting → route → authorize → handler. */
  async dispatch(req: ApiRequest): Promise<Reply> {
    const def = this.definition;
    try {
      const early = def.beforeRouting?.(req, this.context);
      if (early) return early;
      const match = matchRoute(def.routes, req.method, req.path, { ignoreTrailingSlash: def.ignoreTrailingSlash });
      if (match.kind === "not-found") {
        this.log(`[${def.name} emulator] 404: no route for ${req.method} ${req.rawUrl}`);
        return def.notFound(req);
      }
      if (match.kind === "method-not-allowed") {
        this.log(`[${def.name} emulator] 405: ${req.method} not allowed on ${req.path} (allowed: ${match.allow.join(", ")})`);
        return def.methodNotAllowed(req, match.allow);
      }
      const denied = def.authorize(req, this.context, match.route);
      if (denied) return denied;
      return await match.route.handler(req, match.params, this.context);
    } catch (error) {
      if (error instanceof ReplyError) return error.reply;
      this.log(`[${def.name} emulator] 500 on ${req.method} ${req.rawUrl}: ${(error as Error).stack ?? String(error)}`);
      return def.errorReply(500);
    }
  }
}
