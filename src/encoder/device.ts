/**
 * Picks where the model runs in a browser. WebGPU only with a real GPU adapter: a fallback adapter
 * (SwiftShader, on the CPU) measured ~100x slower than WASM for this model. WASM threads need
 * cross-origin isolation (SharedArrayBuffer); a third-party script embed usually has none, so the
 * single-thread path is the common case, not an edge case.
 *
 * By default the encoder leaves one core to the page (all cores but one, at most 4): with every
 * core running the encoder, the page's own few-millisecond tasks (a click, a progress update)
 * waited for the CPU. On the 2-core CI machine a main-thread task of ~3 ms CPU took 95 ms of wall
 * time while two encoder threads ran. A site that knows its visitors can set `threads`.
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

/** WASM threads when the page does not say: all cores but one, at least 1, at most 4. */
export function defaultThreads(hardwareConcurrency: number): number {
  return Math.max(1, Math.min(4, hardwareConcurrency - 1));
}

/**
 * Chooses the backend. `preference` forces a device; `threads` sets the WASM threads (used only
 * when the page is cross-origin isolated), default `defaultThreads`.
 */
export async function chooseBackend(
  preference: 'auto' | 'webgpu' | 'wasm',
  probe: DeviceProbe = currentProbe(),
  threads?: number,
): Promise<Backend> {
  const maxThreads = threads ?? defaultThreads(probe.hardwareConcurrency);
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
  const threads = Math.max(1, maxThreads);
  return { device: 'wasm', threads, reason: `${why}; cross-origin isolated, ${threads} threads` };
}
