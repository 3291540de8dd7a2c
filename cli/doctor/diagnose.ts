/**
 * `doctor`'s diagnosis of each configured service: the settings and where they came from,
 * then the provider's own read paths (ProviderContext, the profile's `connect` and API
 * methods, the same pacing and redaction), watched through ExchangeLog. Read-only: GETs
 * only, at most three per service (a setting it discovers, one list page, one record), as
 * each profile's `probe` says.
 */
import { validateBaseUrl } from "../../provider/http/url";
import { ApiError, Redactor } from "../../provider/http/errors";
import { ConfigError, ConfigReader, type ConfigSource } from "../../provider/plugin/config";
import { ProviderContext } from "../../provider/plugin/context";
import type { Probe } from "../../provider/plugin/probe";
import type { ServiceProfile, ServiceTuning } from "../../provider/plugin/profile";
import { SERVICES } from "../../provider/services";
import { ExchangeLog, type Exchange } from "./exchanges";
import { isConfigured, settingRows, sourceText, type SettingRow } from "./settings";

export type Status = "ok" | "fail" | "warn" | "info" | "skip";

export interface Check {
  readonly check: string;
  readonly status: Status;
  readonly detail: string;
  /** What to do next; always set on a failing row. */
  readonly next?: string;
}

export interface ServiceDiagnosis {
  readonly service: string;
  readonly configured: boolean;
  /** Configured, and no check failed. */
  readonly usable: boolean;
  readonly baseUrl?: string;
  readonly settings: readonly SettingRow[];
  readonly checks: readonly Check[];
  /** Requests sent to the service. */
  readonly requests: number;
}

export interface Diagnosis {
  /** "stack 'dev' and the environment", or "the environment". */
  readonly from: string;
  readonly ok: boolean;
  readonly services: readonly ServiceDiagnosis[];
}

export interface DiagnoseOptions {
  readonly config: ConfigSource;
  readonly env: NodeJS.ProcessEnv;
  readonly from: string;
  /** Per service, over doctor's own (two attempts: a doctor must answer soon). */
  readonly tuning?: Readonly<Record<string, ServiceTuning>>;
  /** A skew of the service's clock at least this big is a warning. Default 30 s. */
  readonly skewWarnSeconds?: number;
}

/** Headers that tell a client its rate limit (the common names; the APIs' documentation names none but Retry-After). */
const RATE_HEADERS = /^(x-)?rate-?limit|^retry-after$/i;

export async function diagnose(options: DiagnoseOptions): Promise<Diagnosis> {
  const log = new ExchangeLog();
  const quiet = { debug: () => {}, info: () => {}, warn: () => {} };
  const tuning = Object.fromEntries(SERVICES.map((p) => [p.name, { retry: { maxAttempts: 2 }, logger: quiet, ...options.tuning?.[p.name] }]));
  const context = new ProviderContext(SERVICES, { config: options.config, env: options.env, tuning, wrapClient: log.wrap });
  const reader = new ConfigReader(options.config, options.env);
  const services: ServiceDiagnosis[] = [];
  // One after the other: the output reads in order, and no service's limit is pressed.
  for (const profile of SERVICES) services.push(await diagnoseService(profile, context, reader, log, options));
  const configured = services.filter((s) => s.configured);
  return { from: options.from, ok: configured.length > 0 && configured.every((s) => s.usable), services };
}

async function diagnoseService(
  profile: ServiceProfile<unknown>,
  context: ProviderContext,
  reader: ConfigReader,
  log: ExchangeLog,
  options: DiagnoseOptions,
): Promise<ServiceDiagnosis> {
  const settings = settingRows(profile, reader);
  const redactor = new Redactor(Object.values(profile.settings).filter((s) => s.secret).map((s) => reader.get(s)));
  const clean = (text: string): string => redactor.redact(text).replace(JWT, "[redacted]");
  const result = (checks: Check[], configured = true): ServiceDiagnosis => ({
    service: profile.name,
    configured,
    usable: configured && checks.every((c) => c.status !== "fail"),
    baseUrl: settings.find((s) => s.key === `${profile.name}:apiUrl`)?.value,
    settings,
    checks: checks.map((c) => ({ ...c, detail: clean(c.detail), ...(c.next === undefined ? {} : { next: clean(c.next) }) })),
    requests: log.of(profile.name).length,
  });
  if (!isConfigured(settings)) {
    const credential = Object.values(profile.settings).find((s) => s.secret);
    return result([{ check: "config", status: "skip", detail: `not configured (no setting of ${profile.name} in the stack or the environment${credential ? `, e.g. ${credential.key} / ${credential.env}` : ""})` }], false);
  }

  const checks: Check[] = [];
  try {
    context.service(profile);
    checks.push({ check: "config", status: "ok", detail: "every setting is present and valid" });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const row = settings.find((s) => s.key === err.setting.key);
    checks.push({ check: "config", status: "fail", detail: `${err.setting.key}${row ? ` (${sourceText(row)})` : ""}: ${err.message}`, next: `fix ${err.setting.key} (${err.setting.env}) and run doctor again` });
    return result(checks);
  }

  const probe = profile.probe;
  if (!probe) {
    checks.push({ check: "credential", status: "skip", detail: `no probe of ${profile.name} is known here: its answers are not checked` });
    return result(checks);
  }
  const urlHint = (exchange: Exchange | undefined): string => {
    const row = urlSetting(profile, reader, settings, exchange?.baseUrl);
    return row ? `check ${row.key} (${sourceText(row)}${row.value ? `: ${row.value}` : ""}): it must be the API's base URL` : "check the service's URL settings";
  };
  const mintedWithout = probe.mintedWithout === undefined ? undefined : profile.settings[probe.mintedWithout];
  const minted = mintedWithout !== undefined && reader.get(mintedWithout) === undefined;

  let listed: Exchange | undefined;
  try {
    await probe.list(context.service(profile));
    listed = lastOf(log, profile.name);
  } catch (err) {
    checks.push(failure(err, probe.listRequest, lastOf(log, profile.name), profile, urlHint, minted));
  }
  if (listed) {
    const wrong = probe.listShape(listed.body);
    if (wrong === undefined) {
      checks.push({ check: "credential", status: "ok", detail: `${probe.listRequest} answered ${listed.status}: ${probe.summary(listed.body)}` });
    } else {
      const said = messageOf(listed.body);
      checks.push({
        check: "credential",
        status: "fail",
        detail: `${probe.listRequest} answered ${listed.status} ${contentType(listed)} with ${wrong}, not the list the provider reads${said ? `; it says '${said}'` : ""}`,
        next: said ? `a refused credential can answer ${listed.status}: ${profile.credentialsHint}; and ${urlHint(listed)}` : urlHint(listed),
      });
    }
  }
  if (checks.every((c) => c.status !== "fail") && listed) {
    checks.push(await recordCheck(profile, probe, context, log, listed));
  }
  if (probe.discovered) checks.push(discoveredCheck(profile, probe.discovered, reader, log, settings));
  checks.push(rateLimitCheck(log.of(profile.name)));
  checks.push(clockCheck(log.of(profile.name), minted, options.skewWarnSeconds ?? 30));
  return result(checks);
}

async function recordCheck(profile: ServiceProfile<unknown>, probe: Probe, context: ProviderContext, log: ExchangeLog, listed: Exchange): Promise<Check> {
  const name = profile.name;
  const id = probe.firstId(listed.body);
  if (id === undefined) return { check: "record", status: "skip", detail: `no record to read alone (the first page is empty)` };
  try {
    const found = await probe.record(context.service(profile), id);
    const read = lastOf(log, name);
    if (found === undefined) {
      return { check: "record", status: "fail", detail: `${probe.recordRequest} answered 404 for a record the list holds`, next: "the list and the record answers disagree: run doctor again; if it stays, report it with doctor --json" };
    }
    const wrong = probe.recordShape(read?.body);
    return wrong === undefined
      ? { check: "record", status: "ok", detail: `${probe.recordRequest} answered ${read?.status}: a record of the shape the provider reads` }
      : { check: "record", status: "fail", detail: `${probe.recordRequest} answered ${read?.status} ${read ? contentType(read) : ""} with ${wrong}`, next: "the provider cannot read its records from this service: report it with doctor --json" };
  } catch (err) {
    return { check: "record", status: "fail", detail: `${probe.recordRequest}: ${(err as Error).message}`, next: "the provider cannot read its records from this service: report it with doctor --json" };
  }
}

/** The failing row of a list read that threw: the cause, and the setting to look at. */
function failure(err: unknown, request: string, exchange: Exchange | undefined, profile: ServiceProfile<unknown>, urlHint: (e: Exchange | undefined) => string, minted: boolean): Check {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ConfigError) return { check: "credential", status: "fail", detail: message, next: `fix ${err.setting.key} (${err.setting.env})` };
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
    const clock = minted ? "; a minted token is also refused when this machine's clock is off (see the clock row)" : "";
    return { check: "credential", status: "fail", detail: `refused with ${err.status}: ${message}`, next: `${profile.credentialsHint}${clock}` };
  }
  if (err instanceof ApiError && err.status === 0) return { check: "credential", status: "fail", detail: `unreachable: ${message}`, next: urlHint(exchange) };
  if (err instanceof ApiError && err.status >= 200 && err.status < 300 && err.apiMessage) {
    // A 2xx of the wrong shape that carries the service's own word: a refused key can answer so.
    return { check: "credential", status: "fail", detail: `${request}: ${message}`, next: `a refused credential can answer ${err.status}: ${profile.credentialsHint}; and ${urlHint(exchange)}` };
  }
  if (err instanceof ApiError) return { check: "credential", status: "fail", detail: `${request}: ${message}`, next: urlHint(exchange) };
  return { check: "credential", status: "fail", detail: `${request}: ${message}`, next: `${urlHint(exchange)}; and ${profile.credentialsHint}` };
}

/** The setting the service discovers when it is not set (a credential id): set, found, or missing. */
function discoveredCheck(profile: ServiceProfile<unknown>, found: NonNullable<Probe["discovered"]>, reader: ConfigReader, log: ExchangeLog, settings: readonly SettingRow[]): Check {
  const check = `${found.what} id`;
  const setting = profile.settings[found.setting];
  const configured = reader.get(setting);
  if (configured !== undefined) {
    const row = settings.find((s) => s.key === setting.key)!;
    return { check, status: "ok", detail: `${configured} (${sourceText(row)})` };
  }
  const listing = log.of(profile.name).find((e) => e.path === found.path && e.error === undefined);
  const ids = listing ? found.ids(listing.body) : [];
  if (ids.length === 0) return { check, status: "fail", detail: `${found.request} found no ${found.what}`, next: `${found.whenNone}, or set ${setting.key} (${setting.env})` };
  const many = ids.length > 1 ? `; ${ids.length} ${found.what}s: the first is used, set ${setting.key} to choose` : "";
  return { check, status: ids.length > 1 ? "warn" : "ok", detail: `${ids[0]} (found by ${found.request}${many})` };
}

function rateLimitCheck(exchanges: readonly Exchange[]): Check {
  const seen = new Map<string, string>();
  for (const e of exchanges) for (const [name, value] of Object.entries(e.headers)) if (RATE_HEADERS.test(name) && value !== undefined) seen.set(name.toLowerCase(), String(value));
  const list = [...seen].map(([name, value]) => `${name}: ${value}`).join(", ");
  return { check: "rate limit", status: "info", detail: seen.size > 0 ? `headers seen: ${list}` : `no rate-limit headers seen in ${exchanges.length} answer(s)` };
}

/** The service's clock against this machine's, from the `Date` of its answers (1 s resolution). */
function clockCheck(exchanges: readonly Exchange[], minted: boolean, warnSeconds: number): Check {
  const dated = exchanges.filter((e) => typeof e.headers.date === "string" && !Number.isNaN(Date.parse(e.headers.date)));
  if (dated.length === 0) return { check: "clock", status: "info", detail: "no answer carried a Date header" };
  const last = dated[dated.length - 1];
  const skew = Math.round((Date.parse(String(last.headers.date)) - last.receivedAt) / 1000);
  // `Date` has whole seconds: a skew of 1 s is the header's resolution, not a skew.
  const what = Math.abs(skew) <= 1 ? "the service's clock agrees with this machine's (within the Date header's 1 s)" : `the service's clock is ${Math.abs(skew)} s ${skew >= 0 ? "ahead of" : "behind"} this machine's (±1 s)`;
  if (Math.abs(skew) < warnSeconds) return { check: "clock", status: minted ? "ok" : "info", detail: what };
  return {
    check: "clock",
    status: "warn",
    detail: minted ? `${what}: minted tokens carry this machine's time (iat, exp)` : what,
    next: "synchronise this machine's clock (NTP)",
  };
}

/** The URL setting whose value is the base URL a request went to (a service may have two). */
function urlSetting(profile: ServiceProfile<unknown>, reader: ConfigReader, settings: readonly SettingRow[], baseUrl: string | undefined): SettingRow | undefined {
  const urls = settings.filter((s) => /Url$/.test(s.key));
  const match = urls.find((row) => {
    const setting = Object.values(profile.settings).find((s) => s.key === row.key)!;
    try {
      return baseUrl !== undefined && validateBaseUrl(reader.get(setting) ?? "", row.key) === baseUrl;
    } catch {
      return false;
    }
  });
  return match ?? urls.find((s) => s.key === `${profile.name}:apiUrl`);
}

const lastOf = (log: ExchangeLog, service: string): Exchange | undefined => log.of(service).at(-1);
const contentType = (e: Exchange): string => String(e.headers["content-type"] ?? "without a content type").split(";")[0];
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;

/** A short `message`/`error`/`detail` string of an answer, as a service that refuses a key writes it. */
function messageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const text = [b.message, b.error, b.detail, b.Message].find((v): v is string => typeof v === "string" && v.trim() !== "");
  return text === undefined ? undefined : text.trim().slice(0, 200);
}
