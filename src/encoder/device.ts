/**
 * Picks where the model runs in a browser. WebGPU only with a real GPU adapter: a fallback adapter
 * (SwiftShader, on the CPU) measured ~100x slower than WASM for this model. WASM threads need
 * cross-origin isolation (SharedArrayBuffer); a third-party script embed usually has none, so the
 * single-thread path is the common case, not an edge case.
 */
import type { Backend } from '../types/index.ts';

/** The WebGPU slice we use, typed locally so the DOM lib need not include WebGPU types. */
interface GpuLike {
  requestAdapter(): Promise<{
    info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string };
    isFallbackAdapter?: boolean;
  } | null>;
}

/** Environment facts the choice depends on; injectable for tests. */
export interface DeviceProbe {
  gpu?: GpuLike | undefined;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

/** Reads the probe from the current global scope (window or worker). */
export function currentProbe(): DeviceProbe {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike; hardwareConcurrency?: number } }).navigator;
  return {
    gpu: nav?.gpu,
    crossOriginIsolated: Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated),
    hardwareConcurrency: nav?.hardwareConcurrency ?? 1,
  };
}

/** Chooses the backend. `preference` forces a device; `maxThreads` caps WASM threads. */
export async function chooseBackend(
  preference: 'auto' | 'webgpu' | 'wasm',
  probe: DeviceProbe = currentProbe(),
  maxThreads = 4,
): Promise<Backend> {
  if (preference !== 'wasm' && probe.gpu) {
    const adapter = await probe.gpu.requestAdapter().catch(() => null);
    const fallback = Boolean(adapter?.info?.isFallbackAdapter ?? adapter?.isFallbackAdapter);
    if (adapter && (!fallback || preference === 'webgpu')) {
      return { device: 'webgpu', threads: 1, reason: fallback ? 'WebGPU forced on a fallback adapter' : 'WebGPU adapter available' };
    }
    if (adapter && fallback && preference === 'auto') return wasm(probe, maxThreads, 'WebGPU adapter is a CPU fallback');
  }
  return wasm(probe, maxThreads, probe.gpu ? 'no WebGPU adapter' : 'WebGPU not supported');
}

function wasm(probe: DeviceProbe, maxThreads: number, why: string): Backend {
  if (!probe.crossOriginIsolated) return { device: 'wasm', threads: 1, reason: `${why}; page not cross-origin isolated, so one thread` };
  const threads = Math.max(1, Math.min(maxThreads, probe.hardwareConcurrency));
  return { device: 'wasm', threads, reason: `${why}; cross-origin isolated, ${threads} threads` };
}
