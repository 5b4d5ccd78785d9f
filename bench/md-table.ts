/** Markdown building blocks of the bench summary (bench/report-md.ts): tables and number formats. */
import type { SectionConditions } from './conditions.ts';

/** A cell: a number or text as is; null or undefined (not measured) as "-". */
export type Cell = string | number | null | undefined;

/** A markdown table with header `head` and one line per row. */
export function table(head: string[], rows: Cell[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map((c) => (c === null || c === undefined ? '-' : String(c))).join(' | ')} |`),
  ].join('\n');
}

/** A section of a sub-benchmark that writes its own JSON: a heading, its conditions verbatim, one table. */
export function ownSection(title: string, conditions: unknown, head: string[], rows: (string | number)[][]): string[] {
  return [`## ${title}`, '', `Conditions: ${JSON.stringify(conditions)}`, '', table(head, rows), ''];
}

/** Bytes as KiB with one decimal. */
export function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/** A whole number with thousands separators ("12,345"). */
export function int(n: number): string {
  return n.toLocaleString('en-US');
}

/** Renders the italic line under a section's heading: the conditions it ran under, with the machine's. */
export type ConditionsLine = (sc: SectionConditions) => string;
