/**
 * Property values as the engine sends them over the provider protocol, and back: plain JSON
 * with two sentinels (the provider protocol's `sdk/go/common/resource/plugin/rpc.go`): an
 * unknown value (a preview input not known yet) is the string UNKNOWN, which the runtime's
 * checks already skip (provider/core/check.ts); a secret is an object carrying the secret
 * signature, which the runtime must never see (it would take the wrapper for the value).
 */
import { UNKNOWN } from "../provider/core/check";

export { UNKNOWN };

/** The key and value marking a secret (`resource.SigKey`, `resource.SecretSig`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: unknown): value is { value: unknown } {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** The value with every secret replaced by what it holds; `found` is told when there was one. */
export function reveal(value: unknown, found: () => void = () => {}): unknown {
  if (isSecret(value)) {
    found();
    return reveal(value.value, found);
  }
  if (Array.isArray(value)) return value.map((v) => reveal(v, found));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v, found)]));
  return value;
}

/**
 * The properties without secrets, and the top-level keys that held one: the engine keeps a
 * secret input's output secret only when the provider hands it back marked (we accept
 * secrets in Configure), so the outputs of those keys are marked again (`markSecrets`).
 */
export function revealProps(props: Props): { plain: Props; secretKeys: Set<string> } {
  const secretKeys = new Set<string>();
  const plain = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, reveal(v, () => secretKeys.add(k))]));
  return { plain, secretKeys };
}

/** The properties with the values of `keys` marked secret. */
export function markSecrets(props: Props, keys: ReadonlySet<string>): Props {
  if (keys.size === 0) return props;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, keys.has(k) && v !== undefined && !isSecret(v) ? secret(v) : v]));
}

/**
 * JSON-clean properties for a protobuf Struct: `undefined` members left out (a Struct has no
 * such value), everything else as JSON has it.
 */
export function clean(props: Props): Props {
  return JSON.parse(JSON.stringify(props ?? {})) as Props;
}
