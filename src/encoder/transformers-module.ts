/**
 * transformers.js as a module of its own: tools/build.ts bundles this file into
 * `inpage-rec.encoder.js` beside the worker, and the worker imports it when it first loads the
 * model (encoder.ts `moduleUrl`), so the worker's own script stays small.
 */
export * from '@huggingface/transformers';
