import { describe, expect, it } from 'vitest';
import { chooseBackend, type DeviceProbe } from './device.ts';

const gpu = (adapter: { info?: { isFallbackAdapter?: boolean } } | null): DeviceProbe['gpu'] => ({ requestAdapter: async () => adapter });
const probe = (p: Partial<DeviceProbe>): DeviceProbe => ({ crossOriginIsolated: false, hardwareConcurrency: 8, ...p });

describe('chooseBackend', () => {
  it('uses WebGPU on a real adapter', async () => {
    expect(await chooseBackend('auto', probe({ gpu: gpu({ info: { isFallbackAdapter: false } }) }))).toMatchObject({ device: 'webgpu' });
  });

  it('uses WASM when the adapter is a CPU fallback (SwiftShader), unless WebGPU is forced', async () => {
    const fallback = probe({ gpu: gpu({ info: { isFallbackAdapter: true } }) });
    expect(await chooseBackend('auto', fallback)).toMatchObject({
      device: 'wasm',
      threads: 1,
      reason: expect.stringContaining('fallback'),
    });
    expect(await chooseBackend('webgpu', fallback)).toMatchObject({ device: 'webgpu' });
  });

  it('uses WASM without WebGPU; threads only with cross-origin isolation, one core left to the page, capped', async () => {
    expect(await chooseBackend('auto', probe({}))).toMatchObject({ device: 'wasm', threads: 1 });
    expect(await chooseBackend('auto', probe({ gpu: gpu(null), crossOriginIsolated: true, hardwareConcurrency: 2 }))).toMatchObject({
      device: 'wasm',
      threads: 1,
    });
    expect(await chooseBackend('auto', probe({ crossOriginIsolated: true, hardwareConcurrency: 1 }))).toMatchObject({ threads: 1 });
    expect(await chooseBackend('auto', probe({ crossOriginIsolated: true, hardwareConcurrency: 4 }))).toMatchObject({ threads: 3 });
    expect(await chooseBackend('auto', probe({ crossOriginIsolated: true, hardwareConcurrency: 16 }))).toMatchObject({ threads: 4 });
    expect(await chooseBackend('wasm', probe({ gpu: gpu({ info: { isFallbackAdapter: false } }) }))).toMatchObject({ device: 'wasm' });
  });

  it('takes the threads the page asks for, only when cross-origin isolated', async () => {
    const isolated = probe({ crossOriginIsolated: true, hardwareConcurrency: 2 });
    expect(await chooseBackend('auto', isolated, 2)).toMatchObject({ device: 'wasm', threads: 2 });
    expect(await chooseBackend('auto', probe({ hardwareConcurrency: 2 }), 2)).toMatchObject({ device: 'wasm', threads: 1 });
  });
});
