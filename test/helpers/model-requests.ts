/**
 * Whether a request's path loads the model: its files (`/models/`), the runtime's (`/ort/`), or the
 * encoder module of either runtime flavour (src/encoder/runtime-flavours.ts). What tests and benches
 * count to show a visit loaded no model.
 */
import { RUNTIME_FLAVOURS } from '../../src/encoder/runtime-flavours.ts';

const ENCODER_MODULES = Object.values(RUNTIME_FLAVOURS).map((flavour) => `/${flavour.module}`);

/** True for a request path of the model, its runtime or an encoder module. */
export function loadsModel(path: string): boolean {
  return path.startsWith('/models/') || path.startsWith('/ort/') || ENCODER_MODULES.some((m) => path.startsWith(m));
}
