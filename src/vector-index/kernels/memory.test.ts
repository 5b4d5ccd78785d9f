import { describe, expect, it } from 'vitest';
import { KernelMemory } from './memory.ts';
import { wasmKernelsAvailable } from './wasm.ts';

const PAGE = 65536;

describe.each(['js', ...(wasmKernelsAvailable() ? ['wasm' as const] : [])] as const)('KernelMemory (%s)', (kernels) => {
  it('ensure grows by at least an eighth; fit grows to the page; contents are kept', () => {
    const mem = new KernelMemory(kernels);
    expect(mem.byteLength).toBe(PAGE);
    mem.u8[100] = 7;
    mem.ensure(64 * PAGE + 1);
    expect(mem.byteLength).toBe(65 * PAGE);
    // A little more: an eighth more (amortised growth of the codes), not just the page asked for.
    mem.ensure(65 * PAGE + 1);
    expect(mem.byteLength).toBe(Math.ceil((65 * PAGE * 9) / 8 / PAGE) * PAGE);
    const before = mem.byteLength;
    // Scratch: the page it needs and no more.
    mem.fit(before + 1);
    expect(mem.byteLength).toBe(before + PAGE);
    mem.fit(before);
    expect(mem.byteLength).toBe(before + PAGE);
    expect(mem.u8[100]).toBe(7);
    expect(mem.u8.length).toBe(mem.byteLength);
  });

  it('refuses more than wasm32 addresses before allocating', () => {
    const mem = new KernelMemory(kernels);
    expect(() => mem.fit(2 ** 32)).toThrow(/more than 4 GiB/);
    expect(() => mem.ensure(2 ** 32)).toThrow(/more than 4 GiB/);
    expect(mem.byteLength).toBe(PAGE);
  });
});
