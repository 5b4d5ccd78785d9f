/**
 * The script-tag embed:
 *
 *   <script src="https://shop.example/inpage-rec/inpage-rec.js" data-catalog="/catalog.json" defer></script>
 *   <inpage-rec mode="similar" item-id="sku-42"></inpage-rec>
 *
 * Finds its worker, model and WASM files relative to its own URL, so the folder can live anywhere.
 * Works without cross-origin isolation (WASM then runs single-threaded). Options come from data-*
 * attributes: data-catalog, data-vectors (prebuilt vectors: the manifest.json of `inpage-rec build`), data-vectors-integrity,
 * data-remote and data-remote-timeout-ms (a retrieval endpoint: `inpage-rec serve`; data-catalog is then optional),
 * data-preload-model, data-stall-timeout-ms, data-worker-timeout-ms, data-namespace, data-model, data-dtype, data-device, data-index, and
 * data-stylesheet (where inpage-rec.css is served, for browsers without constructable stylesheets;
 * default: next to this script). `window.inpageRec` exposes the recommender for tracking from page code.
 * An unusable option is reported on the console and by every widget that uses the page default
 * (its `inpage-rec:error` event and status line), with the option's error code and message.
 */
import { setDefaultAssetsBase } from '../assets-base.ts';
import { createRecommender } from '../recommender.ts';
import type { Recommender, RecommenderOptions } from '../types/index.ts';
import { defineElement } from '../ui/element.ts';
import { failDefaultRecommender, setDefaultRecommender } from '../ui/registry.ts';
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
if (data.stylesheet) {
  try {
    setStylesheetUrl(data.stylesheet);
  } catch {
    // Not a URL: say so, and keep the stylesheet next to the script rather than define no widget.
    console.error(`inpage-rec INVALID_OPTION: data-stylesheet is not a URL, got ${JSON.stringify(data.stylesheet)}`);
  }
}
setDefaultStylesheetBase(src);
defineElement();

if (data.catalog || data.remote) {
  // An unusable data-* option (`data-dtype="Q8"`) throws here. Thrown out of the script, it would be
  // an uncaught error, and the widgets would wait for a recommender that never comes, then blame a
  // missing data-catalog. Instead: the console says why, and the widgets fail at once with it.
  try {
    const recommender = createRecommender({
      catalog: data.catalog || undefined,
      remote: data.remote || undefined,
      remoteTimeoutMs: data.remoteTimeoutMs === undefined ? undefined : Number(data.remoteTimeoutMs),
      namespace: data.namespace,
      model: data.model,
      dtype: data.dtype as RecommenderOptions['dtype'],
      device: data.device as RecommenderOptions['device'],
      index: data.index as RecommenderOptions['index'],
      vectors: data.vectors,
      vectorsIntegrity: data.vectorsIntegrity,
      preloadModel: data.preloadModel === undefined ? undefined : data.preloadModel !== 'false',
      checkVectorsAtIdle: data.checkVectorsAtIdle === undefined ? undefined : data.checkVectorsAtIdle !== 'false',
      stallTimeoutMs: data.stallTimeoutMs === undefined ? undefined : Number(data.stallTimeoutMs),
      workerTimeoutMs: data.workerTimeoutMs === undefined ? undefined : Number(data.workerTimeoutMs),
    });
    window.inpageRec = recommender;
    setDefaultRecommender(recommender);
  } catch (err) {
    // Whatever throws here is about the options (a URL that is not one has no code of its own).
    const { code, message } = err as { code?: unknown; message?: unknown };
    const error = {
      code: typeof code === 'string' ? code : 'INVALID_OPTION',
      message: `the script tag's data-* options are unusable: ${String(message)}`,
    };
    console.error(`inpage-rec ${error.code}: ${error.message}`);
    failDefaultRecommender(error);
  }
}
