/**
 * Records made "by hand": created through each emulator's normal API with the development
 * credential, as a person in the service's UI or another client would, so `adopt` has an
 * account full of records that no Pulumi program made. How to create one is the emulator's
 * own (its `devConfig`), so this names no service; the records, in each API's own shape, are
 * in each service's folder here (e.g. ./rogerroger/handMade.ts).
 */
import { DEV_CONFIGS, type RunningEmulators, type ServiceName } from "../../emulators";

/** Sends one request; a refusal of the rate limit (429, 555: not executed) is waited out and sent again. */
async function send(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { method, headers, body: JSON.stringify(body) });
    const text = await res.text();
    if ((res.status === 429 || res.status === 555) && attempt < 10) {
      const seconds = Number(res.headers.get("retry-after"));
      await new Promise((resolve) => setTimeout(resolve, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1_200));
      continue;
    }
    if (res.status >= 300) throw new Error(`seed: ${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

/**
 * Creates `records` (each in the API's own shape) one by one in the emulator of `service`;
 * returns their ids in order. Records under the emulator's `children` key (a person's notes)
 * are created after their record, naming it.
 */
export async function seedByHand(emu: RunningEmulators, service: ServiceName, records: ReadonlyArray<Record<string, unknown>>): Promise<string[]> {
  const config = DEV_CONFIGS[service];
  const [method, path] = config.create.request.split(" ");
  const headers = { ...config.headers, ...config.create.headers };
  const children = config.children;
  const ids: string[] = [];
  for (const record of records) {
    const { [children?.key ?? ""]: under, ...body } = record;
    const id = config.create.idOf(await send(`${emu.urls[service]}${path}`, method, headers, children ? body : record));
    ids.push(id);
    if (!children || !Array.isArray(under)) continue;
    const [childMethod, childPath] = children.request.split(" ");
    for (const child of under as Array<Record<string, unknown>>) {
      await send(`${emu.urls[service]}${childPath.replace("{id}", id)}`, childMethod, headers, { ...child, [children.parentField]: id });
    }
  }
  return ids;
}
