/**
 * The review as Markdown for one pull-request comment, and as JSON for tools.
 *
 * GitHub refuses comments over 65,536 characters, and actions that cut a long text cut it
 * from the end, losing whatever came last. So the text is built in order of importance and
 * capped here: the summary and the sensitive section always stay; the per-record sections
 * are cut record by record, with a line that says how many records were left out.
 */
import { codeSpan, escapeMarkdown, fencedBlock, inertJson, inlineText, markdownName, markdownValue } from "../output";
import type { RecordChanges, Review, SensitiveItem } from "./review";

export { escapeMarkdown };

/** The whole comment stays under this many characters (GitHub's limit is 65,536). */
export const REVIEW_MAX_CHARS = 60_000;

/** The first line of every review comment, so a workflow can find and edit its own comment. */
export const REVIEW_MARKER = "<!-- pulumi-rollout-crm review -->";

/** Longest record name, and longest change line, shown (values are cut inside them already). */
const NAME_MAX = 120;
const LINE_MAX = 400;

/** The stack's name in a code span (it is ours, but a name can hold anything). */
const stackSpan = (stack: string): string => codeSpan(inlineText(stack, NAME_MAX));

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(review: Review): string {
  const { create, update, replace, delete: del } = review.summary;
  const total = create + update + replace + del;
  const stack = `stack ${stackSpan(review.stack)}`;
  if (total === 0 && review.outside.length === 0) {
    return `**No changes**: the ${plural(review.recordsChecked, "record")} of ${stack} match the code.`;
  }
  const counts = `**${create} to create, ${update} to update, ${replace} to replace, ${del} to delete**`;
  const outside = review.refresh ? `; ${plural(review.outside.length, "record")} changed outside the code` : "";
  return `${counts} (${plural(review.recordsChecked, "record")} in ${stack}${outside}).`;
}

function sensitiveLine(item: SensitiveItem): string {
  const label = item.kind.charAt(0).toUpperCase() + item.kind.slice(1);
  return `- **${label}**: ${markdownName(item.record, NAME_MAX)}${item.detail ? `: ${markdownValue(item.detail, LINE_MAX)}` : ""}`;
}

function recordBlock(record: RecordChanges): string {
  // Every text here may come from a record (an adopted value, an environment's name): each is
  // one inert Markdown value (../output/markdown.ts), so none can mention, link or break the list.
  const name = `**${markdownName(record.record, NAME_MAX)}**`;
  const who = record.record === record.resource ? name : `${name} (${codeSpan(inlineText(record.resource, NAME_MAX))})`;
  return [`- ${who}: ${markdownValue(record.kind, NAME_MAX)}, ${record.op}`, ...record.changes.map((c) => `  - ${markdownValue(c, LINE_MAX)}`)].join("\n");
}

/** The review as Markdown, at most `maxChars` long whatever the number of records. */
export function formatMarkdown(review: Review, options: { maxChars?: number; rawDiff?: string } = {}): string {
  const maxChars = options.maxChars ?? REVIEW_MAX_CHARS;
  const head = [REVIEW_MARKER, `### Pulumi preview: stack ${stackSpan(review.stack)}`, "", summaryLine(review), ""];
  const sensitiveTitle = `#### ⚠️ Sensitive changes (${review.sensitive.length})`;
  const sensitiveBody = review.sensitive.length > 0 ? review.sensitive.map(sensitiveLine) : ["Nothing sensitive: no team admin or production write access added or removed, no member removed, no person or note deleted or replaced."];
  let top = [...head, review.sensitive.length > 0 ? sensitiveTitle : "#### Sensitive changes: none", "", ...sensitiveBody, ""].join("\n");
  if (top.length > maxChars) {
    // Only a pathological plan gets here; the summary and as many sensitive items as fit stay.
    const kept: string[] = [];
    let size = [...head, sensitiveTitle, ""].join("\n").length + 200;
    for (const line of sensitiveBody) {
      if (size + line.length + 1 > maxChars) break;
      kept.push(line);
      size += line.length + 1;
    }
    top = [...head, sensitiveTitle, "", ...kept, `- …and ${sensitiveBody.length - kept.length} more sensitive changes, left out to stay under ${maxChars} characters.`, ""].join("\n");
  }

  const sections: Array<{ title: string; records: RecordChanges[]; note?: string }> = [];
  if (review.changes.length > 0) sections.push({ title: `#### Changes in code (${plural(review.changes.length, "record")})`, records: review.changes });
  if (review.outside.length > 0) {
    sections.push({
      title: `#### Changed outside the code (${plural(review.outside.length, "record")})`,
      records: review.outside,
      note: "_Made by hand since the last `pulumi up`; the next `pulumi up --refresh` puts the code's values back._",
    });
  }

  const total = sections.reduce((n, s) => n + s.records.length, 0);
  const cutLine = (left: number) => `_…and ${plural(left, "more record")} left out to keep this comment under ${maxChars.toLocaleString("en-US")} characters; \`pulumi preview --diff\` shows every change._`;
  // Room for the cut line, and for the line that points to the raw diff when it cannot fit.
  const reserve = cutLine(total).length + 2 + (options.rawDiff !== undefined ? NO_ROOM_FOR_DIFF.length + 1 : 0);
  const parts = [top];
  let size = top.length;
  let shown = 0;
  let cut = false;
  for (const section of sections) {
    if (cut) break;
    const title = `\n${section.title}\n\n${section.note ? `${section.note}\n\n` : ""}`;
    if (size + title.length + reserve > maxChars) {
      cut = true;
      break;
    }
    parts.push(title);
    size += title.length;
    for (const record of section.records) {
      const block = `${recordBlock(record)}\n`;
      if (size + block.length + reserve > maxChars) {
        cut = true;
        break;
      }
      parts.push(block);
      size += block.length;
      shown += 1;
    }
  }
  if (cut) {
    const line = `\n${cutLine(total - shown)}\n`;
    parts.push(line);
    size += line.length;
  }
  if (options.rawDiff !== undefined) parts.push(`\n${rawDiffDetails(options.rawDiff, maxChars - size - 1)}`);
  return parts.join("");
}

const NO_ROOM_FOR_DIFF = "_The raw `pulumi preview --diff` is in the job's log (no room left in this comment)._\n";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The CLI's own `pulumi preview --diff` text, collapsed, in at most `room` characters: cut
 * from the end with a note when it does not fit (the review above it already names every change).
 */
export function rawDiffDetails(diffText: string, room: number): string {
  // The CLI's colours go; any other control character (a value's CR, say) is escaped, and
  // the fence is longer than any backtick run inside, so no value can end the block.
  const block = fencedBlock(diffText.replace(ANSI, "").trimEnd(), "diff");
  const fence = block.slice(0, block.indexOf("diff\n"));
  const text = block.slice(fence.length + "diff\n".length, block.length - fence.length - 1);
  const open = `<details><summary>Raw <code>pulumi preview --diff</code></summary>\n\n${fence}diff\n`;
  const close = `\n${fence}\n</details>\n`;
  const fits = room - open.length - close.length;
  if (text.length <= fits) return `${open}${text}${close}`;
  const note = "\n… (cut here: the whole diff is in the job's log)";
  if (fits < note.length + 200) return NO_ROOM_FOR_DIFF;
  return `${open}${text.slice(0, fits - note.length)}${note}${close}`;
}

/** The review for tools: the same content, uncapped. */
export function formatReviewJson(review: Review): string {
  return `${inertJson(review)}\n`;
}
