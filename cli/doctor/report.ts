/**
 * `doctor`'s output: one block per service (its settings, then its checks), or JSON with
 * the same content. Text that came from a service or from config is shown inert: control
 * and bidirectional characters escaped, as coreutils `ls` shows a hostile file name.
 */
import type { Check, Diagnosis, ServiceDiagnosis } from "./diagnose";
import { escapeTerminal, inertJson } from "../output";
import { sourceText } from "./settings";

/** `text` with every unsafe character escaped visibly: the CLI's one terminal layer (cli/output). */
export function inert(text: string): string {
  return escapeTerminal(text);
}

const MARK: Record<Check["status"], string> = { ok: "OK", fail: "FAIL", warn: "WARN", info: "INFO", skip: "SKIP" };

function serviceBlock(s: ServiceDiagnosis): string[] {
  if (!s.configured) return [`${s.service}: not configured`, ...s.checks.map((c) => `  ${c.detail}`)];
  const lines = [`${s.service}: ${s.usable ? "usable" : "NOT USABLE"} (${s.requests} request${s.requests === 1 ? "" : "s"})`];
  const keyWidth = Math.max(...s.settings.map((r) => r.key.length));
  const fromWidth = Math.max(...s.settings.map((r) => sourceText(r).length));
  for (const r of s.settings) {
    const value = r.secret ? (r.from === "unset" ? "" : "(secret, set)") : (r.value ?? "");
    lines.push(`  ${r.key.padEnd(keyWidth)}  ${sourceText(r).padEnd(fromWidth)}  ${inert(value)}`.trimEnd());
  }
  const checkWidth = Math.max(...s.checks.map((c) => c.check.length));
  for (const c of s.checks) {
    lines.push(`  ${MARK[c.status].padEnd(4)}  ${c.check.padEnd(checkWidth)}  ${inert(c.detail)}`);
    if (c.next) lines.push(`  ${"".padEnd(4)}  ${"".padEnd(checkWidth)}  next: ${inert(c.next)}`);
  }
  return lines;
}

export function formatDoctorTable(d: Diagnosis): string {
  const blocks = d.services.map((s) => serviceBlock(s).join("\n"));
  const configured = d.services.filter((s) => s.configured);
  const summary =
    configured.length === 0
      ? `No service is configured in ${d.from}: set a service's credential (see the SKIP lines), or pass --stack.`
      : d.ok
        ? `Every configured service is usable (settings from ${d.from}).`
        : `Not usable: ${configured.filter((s) => !s.usable).map((s) => s.service).join(", ")} (settings from ${d.from}); see the 'next:' lines.`;
  return `${blocks.join("\n\n")}\n\n${summary}\n`;
}

/** The same content for machines; C1, bidi and U+2028/9 escaped too (JSON leaves them raw). */
export function formatDoctorJson(d: Diagnosis): string {
  return `${inertJson(d)}\n`;
}
