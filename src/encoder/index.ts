export { createEncoder, pool, type Encoder, type EncoderOptions, type EmbedOptions } from './encoder.ts';
export { chooseBackend, currentProbe, type Backend, type DeviceProbe } from './device.ts';
export { DEFAULT_MODEL, modelKey, resolveModel, type ModelSpec, type Pooling } from './registry.ts';
export { isBlank, capCodePoints } from './text-input.ts';
