// The model tests' page (e2e/model-*.spec.ts), in a file because a strict CSP forbids inline
// scripts. It starts a recommender on the first `?items=` (default 12) items of the small catalog,
// in the IndexedDB namespace `?ns=` (a new namespace has no vectors, so the encoder must load);
// `?catalog=`, `?vectors=` and `?stall=` (stallTimeoutMs) pass those options, `?preload` sets preloadModel,
// `?no-idle-check` sets checkVectorsAtIdle to false.
import { createRecommender } from '/index.js';

const violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile });
});
window.cspViolations = violations;

const params = new URLSearchParams(location.search);
const items = (await (await fetch('/e2e/catalog-small.json')).json()).slice(0, Number(params.get('items') ?? 12));
const errors = [];
const rec = createRecommender({
  // ?catalog=URL: the catalog is fetched by the worker (e2e/stalls.spec.ts stalls it).
  catalog: params.get('catalog') ?? items,
  ...(params.has('vectors') ? { vectors: params.get('vectors') } : {}),
  ...(params.has('stall') ? { stallTimeoutMs: Number(params.get('stall')) } : {}),
  ...(params.has('preload') ? { preloadModel: true } : {}),
  ...(params.has('no-idle-check') ? { checkVectorsAtIdle: false } : {}),
  namespace: params.get('ns') ?? 'model',
  device: params.get('device') ?? 'auto',
  ...(params.has('threads') ? { threads: Number(params.get('threads')) } : {}),
});
rec.on('error', (e) => errors.push(e));
window.recErrors = errors;
const warnings = [];
rec.on('warning', (e) => warnings.push(e));
window.recWarnings = warnings;
window.inpageRec = rec;
