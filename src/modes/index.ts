/**
 * The registry of modes as the page sees them: the `Recommender` methods, the element's `mode`
 * values and the widget's per-mode strings and rules are all read from `MODES`. The worker ranks
 * them with `RANKERS` (rankers.ts): two tables, so that the page's bundle never carries ranking
 * code. A new mode is one file beside these, plus one row here and one there.
 */
import { complements } from './complements.ts';
import { forYou } from './for-you.ts';
import type { AnyMode, ModeCalls, ModeNames, ModeStringKeys } from './mode.ts';
import { search } from './search.ts';
import { similar } from './similar.ts';

/** Every mode, in the order the docs list them. */
export const MODES = [similar, complements, forYou, search] as const;

/** The built-in modes' calls: what `Recommender` has one method of per mode. */
export type BuiltInCalls = ModeCalls<typeof MODES>;

/** The modes a widget can show. */
export type ModeName = ModeNames<typeof MODES>;

/** A key of some mode's own strings. */
export type ModeStringKey = ModeStringKeys<typeof MODES>;

/** Every mode's own strings, by key: the widget's table joins them to its own (ui/strings.ts). */
export const MODE_STRINGS = Object.assign({}, ...MODES.map((m) => m.strings)) as Readonly<Record<ModeStringKey, string>>;

/** The mode named `name` in `modes`; undefined when it names none. */
export function findMode(name: string | null | undefined, modes: readonly AnyMode[] = MODES): AnyMode | undefined {
  return modes.find((m) => m.name === name);
}

export type { AnyMode, ModeArgs, ModeCalls, ModeInput, ModeParams } from './mode.ts';
export { defineMode, type Mode, modeCalls } from './mode.ts';
