export { chooseBackend, currentProbe, type DeviceProbe } from './device.ts';
export { createEncoder, type EmbedOptions, type Encoder, type EncoderOptions } from './encoder.ts';
export { pool } from './pool.ts';
export { DEFAULT_MODEL, type ModelSpec, type Pooling, resolveModel } from './registry.ts';
export { capCodePoints, isBlank } from './text-input.ts';
