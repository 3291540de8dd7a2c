/**
 * The process-wide HTTP state: one keep-alive undici Agent per service and origin, and one
 * Limiter per pacing key. One provider process serves every dynamic resource of a stack
 * (the product brief, "How the provider must behave inside Pulumi"), so every resource of a
 * service shares these pools and limiters, whichever client object it holds.
 *
 * The maps live on `globalThis` under a `Symbol.for` key rather than in module variables,
 * so that two copies of this module loaded in one process (the shim's installed package
 * and another path to the same code) still share one limiter: the limits are per client
 * IP or per tenant, not per module instance.
 */
import type { Agent } from "undici";
import { systemClock, type Clock } from "./clock";
import { Limiter, type PacingConfig } from "./pacing";
import { machineScheduleStore } from "./pacingStore";

interface SharedHttpState {
  agents: Map<string, Agent>;
  limiters: Map<string, Limiter>;
}

const STATE_KEY = Symbol.for("pulumi-rollout-crm.http.shared-state.v1");

function state(): SharedHttpState {
  const holder = globalThis as unknown as Record<symbol, SharedHttpState | undefined>;
  return (holder[STATE_KEY] ??= { agents: new Map(), limiters: new Map() });
}

/**
 * undici, loaded on the first request rather than with the package: the program process
 * (which sends no request) and a provider process that only checks and diffs (a preview,
 * a no-op `up`) never need it, and loading it cost each of them about 50–80 ms, a tenth
 * of what 200 resources add to a preview (issue #14, item 4).
 */
function loadUndici(): typeof import("undici") {
  return require("undici") as typeof import("undici");
}

/** Connection settings of the shared agents. */
const AGENT_OPTIONS: Agent.Options = {
  keepAliveTimeout: 10_000,
  keepAliveMaxTimeout: 60_000,
  // Pacing already spaces requests; a few connections per origin are enough.
  connections: 8,
  connect: { timeout: 15_000 },
  headersTimeout: 60_000,
  bodyTimeout: 60_000,
};

/** The keep-alive Agent of `service` for `origin` (e.g. "https://api.rogerroger.io"). */
export function sharedAgent(service: string, origin: string): Agent {
  const key = `${service} ${origin}`;
  const agents = state().agents;
  let agent = agents.get(key);
  if (!agent) {
    agent = new (loadUndici().Agent)(AGENT_OPTIONS);
    agents.set(key, agent);
  }
  return agent;
}

/**
 * The Limiter for `key`. The first caller's config and clock win: clients of one service
 * are built from the same preset, and a limiter must not change pace while requests wait.
 * With the real clock and a `baseUrl`, its schedule is shared with the other provider
 * processes of this machine through a file (pacingStore.ts): the preview and update phases
 * of one command, and consecutive commands, run in different processes but share one limit.
 */
export function sharedLimiter(key: string, config: PacingConfig, clock: Clock, baseUrl?: string): Limiter {
  const limiters = state().limiters;
  let limiter = limiters.get(key);
  if (!limiter) {
    const store = clock === systemClock && baseUrl !== undefined ? machineScheduleStore(key, baseUrl) : undefined;
    limiter = new Limiter(config, clock, store);
    limiters.set(key, limiter);
  }
  return limiter;
}

/** Closes every shared agent and forgets all limiters (tests, or a clean shutdown). */
export async function resetSharedHttp(): Promise<void> {
  const { agents, limiters } = state();
  const closing = [...agents.values()].map((agent) => agent.close().catch(() => undefined));
  agents.clear();
  limiters.clear();
  await Promise.all(closing);
}
