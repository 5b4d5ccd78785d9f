/**
 * `inpage-rec/element`: registers `<inpage-rec>`.
 *
 *   import { setDefaultRecommender } from 'inpage-rec/element';
 *   import { createRecommender } from 'inpage-rec';
 *   setDefaultRecommender(createRecommender({ catalog: '/catalog.json' }));
 *   // <inpage-rec mode="similar" item-id="sku-42"></inpage-rec>
 */
import { setDefaultAssetsBase } from './recommender.ts';
import { defineElement } from './ui/element.ts';

setDefaultAssetsBase(import.meta.url);
defineElement();

export { createRecommender } from './recommender.ts';
export { type CardRenderer, defineElement, InpageRecElement } from './ui/element.ts';
export { setDefaultRecommender } from './ui/registry.ts';
