/** Number format and result look-ups the per-mode report and its goals share. */
import type { MethodResult, TaskResult } from '../evaluate.ts';
import type { ModeEvalResult } from './evaluate.ts';
import type { JudgedMode } from './rankers.ts';

/** `.1234`, `-.0123`, `1.2345`: four decimals, no leading zero (as eval/report.ts). */
export const fmt = (x: number) => x.toFixed(4).replace(/^0\./, '.').replace(/^-0\./, '-.');

/** A method's result on the task whose name starts with `task`, if both exist. */
export function find(r: ModeEvalResult, mode: JudgedMode, task: string, method: string): MethodResult | undefined {
  const t: TaskResult | undefined = r.modes.find((m) => m.mode === mode)?.tasks.find((x) => x.task.startsWith(task));
  return t?.methods.find((m) => m.name === method);
}
