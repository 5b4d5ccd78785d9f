/**
 * An encoder whose vectors go through a build's projection (src/vector-index/projection.ts): what
 * the build embeds after its first fit, and what a page embeds when its prebuilt vectors were
 * projected (a search query, an item added after the build), so all of them share one space.
 *
 * Not re-normalised: a projected vector keeps the share of its length the catalog's directions
 * hold, so its dot products approximate the raw cosines the blends and cut-offs were tuned on. A
 * query far from the catalog (gibberish, a product the shop does not sell) keeps little of its
 * length and scores low, as it would raw; re-normalised it would score like an item of the catalog
 * (validation, Office, 128 dims: unanswerable queries answered empty .50 -> .17). Items keep their
 * length too, when embedded and when their codes are decoded (model-key.ts `isProjectedKey`).
 */
import { type Projection, projectRows } from '../vector-index/projection.ts';
import type { Encoder } from './encoder.ts';

/** `encoder` with its output projected by `projection` (whose `inDims` must be the encoder's dims). */
export function projectedEncoder(encoder: Encoder, projection: Projection): Encoder {
  if (projection.inDims !== encoder.dims)
    throw new Error(`the projection reads ${projection.inDims} dimensions, the encoder "${encoder.spec.id}" gives ${encoder.dims}`);
  return {
    get spec() {
      return encoder.spec;
    },
    dims: projection.outDims,
    get dtype() {
      return encoder.dtype;
    },
    get backend() {
      return encoder.backend;
    },
    get runs() {
      return encoder.runs;
    },
    get timings() {
      return encoder.timings;
    },
    embed: async (texts, options) => projectRows(projection, await encoder.embed(texts, options), false),
    dispose: () => encoder.dispose(),
  };
}
