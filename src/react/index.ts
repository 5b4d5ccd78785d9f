/**
 * `inpage-rec/react`: `<Recommendations mode="similar" itemId="sku-42" catalog="/catalog.json" />`.
 *
 * Same options as the element, as props; default cards styled by the same stylesheet. Safe on a
 * server: it renders a placeholder there and on the first client render, and starts the worker in
 * an effect.
 */
import { setDefaultAssetsBase } from '../assets-base.ts';
import { setDefaultStylesheetBase } from '../ui/stylesheet.ts';

if (typeof document !== 'undefined') {
  setDefaultAssetsBase(import.meta.url);
  setDefaultStylesheetBase(import.meta.url);
}

export type { BuiltInCalls, ModeName, ModeStringKey } from '../modes/index.ts';
export { createRecommender } from '../recommender.ts';
export type * from '../types/index.ts';
export type { Layout } from '../ui/attributes.ts';
export type { WidgetError } from '../ui/controller.ts';
export type { CardEventDetail } from '../ui/events.ts';
export type { Mode } from '../ui/modes.ts';
export { DEFAULT_STRINGS, type Message, type PluralMessage, type StringKey, type Translations } from '../ui/strings.ts';
export { setStylesheetUrl, WIDGET_CSS } from '../ui/stylesheet.ts';
export type { WidgetStringKey } from '../ui/widget-strings.ts';
export { Recommendations, type RecommendationsProps } from './recommendations.ts';
export type { RecommenderSource } from './use-list.ts';
