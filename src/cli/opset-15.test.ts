import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../test/paths.ts';
import { withInt8Activations } from './int8-activations.ts';
import { TARGET_OPSET, withOpset15 } from './opset-15.ts';

const { onnx } = onnxProto;
const Q8 = readFileSync(join(MODELS_DIR, 'use-lite-en', 'onnx', 'model_quantized.onnx'));

function opset(bytes: Uint8Array): number {
  return Number(onnx.ModelProto.decode(bytes).opsetImport?.find((o) => !o.domain)?.version);
}

/** A one-node model: ReduceMean of x over constant axes given as an input (opset 18's form). */
function reduceModel(version: number, extra: onnxProto.onnx.IAttributeProto[] = []): Uint8Array {
  const axes = onnx.TensorProto.create({ name: 'axes', dataType: onnx.TensorProto.DataType.INT64, dims: [1], int64Data: [1] });
  const info = (name: string, dims: number[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
    });
  const graph = onnx.GraphProto.create({
    name: 'g',
    node: [onnx.NodeProto.create({ opType: 'ReduceMean', input: ['x', 'axes'], output: ['y'], attribute: extra })],
    initializer: [axes],
    input: [info('x', [2, 3])],
    output: [info('y', [2, 1])],
  });
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version }], graph })).finish();
}

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const out = await session.run(feeds);
  return out[session.outputNames[0]!]!.data as Float32Array;
}

describe('withOpset15 (the build graph for onnxruntime-node 1.10)', () => {
  it("moves every reduction's constant axes into its attribute and stamps opset 15, deterministically", () => {
    const { bytes, rewritten } = withOpset15(Q8);
    expect(opset(Q8)).toBe(18);
    expect(opset(bytes)).toBe(TARGET_OPSET);
    const reductions = (onnx.ModelProto.decode(bytes).graph?.node ?? []).filter((n) => /^Reduce(Mean|Prod|Max)$/.test(n.opType ?? ''));
    expect(reductions).toHaveLength(rewritten);
    expect(rewritten).toBe(17);
    for (const n of reductions) {
      expect(n.input).toHaveLength(1);
      expect(n.attribute?.find((a) => a.name === 'axes')?.ints?.length).toBeGreaterThan(0);
    }
    expect(Buffer.from(withOpset15(Q8).bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('computes what the opset-18 graph computes (the int8-activations graph, onnxruntime-node)', async () => {
    const int8 = withInt8Activations(Q8).bytes;
    const ids = BigInt64Array.from([12, 845, 77, 3021, 5, 990, 41], BigInt);
    const feeds = () => ({
      input_ids: new ort.Tensor('int64', ids, [1, ids.length]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
    });
    const [a, b] = [await run(int8, feeds()), await run(withOpset15(int8).bytes, feeds())];
    expect(a.length).toBeGreaterThan(0);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('rewrites a reduction and keeps its result; leaves models it cannot express at 15 as they are', async () => {
    const model = reduceModel(18);
    const x = () => ({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 9]), [2, 3]) });
    const down = withOpset15(model);
    expect(down.rewritten).toBe(1);
    expect(Array.from(await run(down.bytes, x()))).toEqual([2, 6]);
    expect(Array.from(await run(model, x()))).toEqual([2, 6]);
    const old = reduceModel(15);
    expect(withOpset15(old)).toEqual({ bytes: old, rewritten: 0 });
    const noop = reduceModel(18, [
      onnx.AttributeProto.create({ name: 'noop_with_empty_axes', type: onnx.AttributeProto.AttributeType.INT, i: 1 }),
    ]);
    expect(withOpset15(noop)).toEqual({ bytes: noop, rewritten: 0 });
  });
});
