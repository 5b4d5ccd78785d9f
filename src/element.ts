/**
 * `inpage-rec/element`: registers `<inpage-rec>`.
 *
 *   import { setDefaultRecommender } from 'inpage-rec/element';
 *   import { createRecommender } from 'inpage-rec';
 *   setDefaultRecommender(createRecommender({ catalog: '/catalog.json' }));
 *   // <inpage-rec mode="similar" item-id="sku-42"></inpage-rec>
 *
 * Safe to import on a server: it touches no browser global there and defines nothing.
 */
import { setDefaultAssetsBase } from './assets-base.ts';
import { defineElement } from './ui/element.ts';
import { setDefaultStylesheetBase } from './ui/stylesheet.ts';

setDefaultAssetsBase(import.meta.url);
setDefaultStylesheetBase(import.meta.url);
defineElement();

export type { BuiltInCalls, ModeName, ModeStringKey } from './modes/index.ts';
export { createRecommender } from './recommender.ts';
export type * from './types/index.ts';
export type { Layout } from './ui/attributes.ts';
export type { ListInput, WidgetError } from './ui/controller.ts';
export { type CardRenderer, defineElement, ElementBase, InpageRecElement } from './ui/element.ts';
export type { CardEventDetail, InpageRecEventMap, RenderEventDetail } from './ui/events.ts';
export type { Mode, WidgetMode } from './ui/modes.ts';
export { setDefaultRecommender } from './ui/registry.ts';
export { DEFAULT_STRINGS, type Message, type PluralMessage, type StringKey, type Translations } from './ui/strings.ts';
export { setStylesheetUrl, WIDGET_CSS } from './ui/stylesheet.ts';
export type { WidgetStringKey } from './ui/widget-strings.ts';
