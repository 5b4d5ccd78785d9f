/**
 * The script-tag embed:
 *
 *   <script src="https://shop.example/inpage-rec/inpage-rec.js" data-catalog="/catalog.json" defer></script>
 *   <inpage-rec mode="similar" item-id="sku-42"></inpage-rec>
 *
 * Finds its worker, model and WASM files relative to its own URL, so the folder can live anywhere.
 * Works without cross-origin isolation (WASM then runs single-threaded). Options come from data-*
 * attributes: data-catalog, data-vectors (prebuilt vectors: the manifest.json of `inpage-rec build`),
 * data-preload-model, data-namespace, data-model, data-dtype, data-device, data-index, and
 * data-stylesheet (where inpage-rec.css is served, for browsers without constructable stylesheets;
 * default: next to this script). `window.inpageRec` exposes the recommender for tracking from page code.
 */
import { createRecommender, setDefaultAssetsBase } from '../recommender.ts';
import type { Recommender, RecommenderOptions } from '../types.ts';
import { defineElement } from '../ui/element.ts';
import { setDefaultRecommender } from '../ui/registry.ts';
import { setDefaultStylesheetBase, setStylesheetUrl } from '../ui/stylesheet.ts';

declare global {
  interface Window {
    inpageRec?: Recommender;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const src = script?.src ?? new URL('inpage-rec.js', document.baseURI).href;
const data = script?.dataset ?? {};
setDefaultAssetsBase(src);
if (data.stylesheet) setStylesheetUrl(data.stylesheet);
setDefaultStylesheetBase(src);
defineElement();

if (data.catalog) {
  const recommender = createRecommender({
    catalog: data.catalog,
    namespace: data.namespace,
    model: data.model,
    dtype: data.dtype as RecommenderOptions['dtype'],
    device: data.device as RecommenderOptions['device'],
    index: data.index as RecommenderOptions['index'],
    vectors: data.vectors,
    preloadModel: data.preloadModel === undefined ? undefined : data.preloadModel !== 'false',
  });
  window.inpageRec = recommender;
  setDefaultRecommender(recommender);
}
