/**
 * The build's faster run of the q8 model: the same int8 weights, with int8 activations.
 *
 * Why: the q8 model is weight-only (DequantizeLinear feeding float MatMuls), so onnxruntime-node
 * runs it at fp32 speed, compute-bound at ~2 GFLOP per Steam item: 206 s for 32k items on 2 cores
 * (issue 30 asks <= 180 s). Quantising each MatMul's input on the fly (DynamicQuantizeLinear, then
 * MatMulInteger on the int8 weights the file already holds) lets onnxruntime use its integer
 * kernels. On 1,024 Steam texts (text rule, 574 characters on average): 309 items/s one text per
 * run, against 162 for the page's graph at its batch of 32 (181 at 8).
 *
 * The build runs one text per model run (embed-worker.ts): DynamicQuantizeLinear has one scale
 * per tensor, so in a batch each text's rounding would depend on its batch mates; alone, a text's
 * vector depends on the text only. The vectors stay within cosine .999 of the page's q8 ones
 * (on the 55 reference texts, min .99949; q8 against the original TF.js model is >= .9993), which
 * is why the artifact keeps the q8 model key: the page embeds new items and queries with the same
 * weights, and both kinds of vectors rank together. `inpage-rec build --float-activations` runs
 * the page's own graph instead. That .999 holds where onnxruntime's int8 kernel is exact (x86
 * with VNNI, here an Intel Xeon); without VNNI it saturates, and the weights run as uint8
 * (`unsignedWeights`; native-encoder.ts checks which form this CPU computes exactly).
 *
 * The rewrite is derived at load from the shipped q8 file rather than shipped as a second file
 * (+7 MB in every install): each `MatMul(x, DequantizeLinear(W_int8, scale, 0))` over a weight
 * initializer becomes `MatMulInteger(DynamicQuantizeLinear(x), W_int8)` scaled back to float by
 * the input's and each column's scale. Anything else (the int8 embedding table's Gather) is kept.
 */
import onnxProto from 'onnx-proto';
import { pruneUnusedInitializers } from './onnx-prune.ts';

const { onnx } = onnxProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

/** True when `t` holds only zeros (a symmetric quantiser's zero point); empty counts as zero. */
function allZero(t: TensorProto | undefined): boolean {
  if (!t) return true;
  if (t.rawData && t.rawData.length > 0) return t.rawData.every((b) => b === 0);
  return (t.int32Data ?? []).every((v) => v === 0);
}

/** An integer node attribute. */
function intAttr(name: string, i: number): onnxProto.onnx.IAttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });
}

/** The column axis of a DequantizeLinear node (ONNX default 1). */
function axisOf(n: NodeProto): number {
  const a = (n.attribute ?? []).find((x) => x.name === 'axis');
  return a ? Number(a.i) : 1;
}

/**
 * The weight of a MatMul fed by a DequantizeLinear of an initializer: only 2-D int8 weights with
 * one scale per output column and zero points of 0, what MatMulInteger computes exactly up to the
 * activations' own rounding. Undefined for any other node.
 */
function quantisedWeight(
  n: NodeProto,
  producer: ReadonlyMap<string, NodeProto>,
  inits: ReadonlyMap<string, TensorProto>,
): { name: string; weight: TensorProto; scale: string } | undefined {
  const dq = n.opType === 'MatMul' ? producer.get(n.input?.[1] ?? '') : undefined;
  if (dq?.opType !== 'DequantizeLinear') return undefined;
  const [w, scale, zero] = dq.input ?? [];
  const weight = w === undefined ? undefined : inits.get(w);
  const ok =
    weight?.dataType === onnx.TensorProto.DataType.INT8 &&
    weight.dims?.length === 2 &&
    axisOf(dq) === 1 &&
    scale !== undefined &&
    inits.has(scale) &&
    allZero(zero ? inits.get(zero) : undefined);
  return ok ? { name: w!, weight: weight!, scale: scale! } : undefined;
}

/** The zero point of unsigned weights: uint8 128 is int8 0. */
const WEIGHT_ZERO_128 = 'int8_activations/weight_zero_point_128';

/**
 * `MatMul(x, W)` as `MatMulInteger(DynamicQuantizeLinear(x), W)` scaled back to float by the
 * input's scale and each column's. `weight`: W's name, and its zero point's when it has one.
 */
function quantisedMatMul(name: string, x: string, y: string, weight: string[], scale: string): NodeProto[] {
  const at = (step: string) => `${name}/int8_activations/${step}`;
  const [w, wZero] = weight;
  return [
    onnx.NodeProto.create({
      opType: 'DynamicQuantizeLinear',
      input: [x],
      output: [at('x'), at('x_scale'), at('x_zero')],
      name: at('quantize'),
    }),
    onnx.NodeProto.create({
      opType: 'MatMulInteger',
      input: wZero ? [at('x'), w!, at('x_zero'), wZero] : [at('x'), w!, at('x_zero')],
      output: [at('product')],
      name: at('matmul'),
    }),
    onnx.NodeProto.create({
      opType: 'Cast',
      input: [at('product')],
      output: [at('float')],
      name: at('cast'),
      attribute: [intAttr('to', onnx.TensorProto.DataType.FLOAT)],
    }),
    onnx.NodeProto.create({ opType: 'Mul', input: [at('x_scale'), scale], output: [at('scales')], name: at('scales') }),
    onnx.NodeProto.create({ opType: 'Mul', input: [at('float'), at('scales')], output: [y], name: at('rescale') }),
  ];
}

/** The int8 values of an initializer as unsigned bytes shifted by 128 (zero point 128). */
function shiftedToUint8(t: TensorProto, name: string): TensorProto {
  const values =
    t.rawData && t.rawData.length > 0
      ? new Int8Array(t.rawData.buffer, t.rawData.byteOffset, t.rawData.length)
      : Int8Array.from(t.int32Data ?? []);
  const raw = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) raw[i] = values[i]! + 128;
  return onnx.TensorProto.create({ name, dims: t.dims, dataType: onnx.TensorProto.DataType.UINT8, rawData: raw });
}

/**
 * `model` (ONNX bytes) with every weight-only int8 MatMul turned into a dynamically quantised one
 * (see the module comment), and the number rewritten. A model with none is returned as it was.
 *
 * `unsignedWeights`: the weights as uint8 with zero point 128 (the same products, exactly). Why:
 * onnxruntime's x86 kernel for uint8 activations times int8 weights adds pairs of products in 16
 * bits (AVX2's `vpmaddubsw`), which saturate, unless the CPU has VNNI; on a 2-core AMD EPYC
 * without it the build's vectors fell to cosine .96-.99 of the page's. Its uint8 x uint8 kernel
 * widens first and never saturates. native-encoder.ts picks the form by checking its vectors.
 */
export function withInt8Activations(model: Uint8Array, unsignedWeights = false): { bytes: Uint8Array; rewritten: number } {
  const m = onnx.ModelProto.decode(model);
  const g = m.graph;
  if (!g) return { bytes: model, rewritten: 0 };
  const inits = new Map((g.initializer ?? []).map((t) => [t.name ?? '', t]));
  const producer = new Map<string, NodeProto>();
  for (const n of g.node ?? []) for (const out of n.output ?? []) producer.set(out, n);
  const nodes: NodeProto[] = [];
  let rewritten = 0;
  // unsignedWeights: each weight's uint8 copy (made once however many MatMuls read it), one zero point.
  const unsigned = new Map<string, string>();
  const added: TensorProto[] = [];
  const unsignedCopy = (name: string, weight: TensorProto): string => {
    let copy = unsigned.get(name);
    if (!copy) {
      copy = `${name}/uint8`;
      unsigned.set(name, copy);
      added.push(shiftedToUint8(weight, copy));
    }
    return copy;
  };
  for (const n of g.node ?? []) {
    const input = n.input ?? [];
    const output = n.output ?? [];
    const found = quantisedWeight(n, producer, inits);
    if (!found) {
      nodes.push(n);
      continue;
    }
    const { name: w, weight, scale } = found;
    const weightInputs = unsignedWeights ? [unsignedCopy(w, weight), WEIGHT_ZERO_128] : [w];
    nodes.push(...quantisedMatMul(n.name || output[0]!, input[0]!, output[0]!, weightInputs, scale));
    rewritten++;
  }
  if (rewritten === 0) return { bytes: model, rewritten };
  if (unsigned.size > 0) {
    added.push(
      onnx.TensorProto.create({
        name: WEIGHT_ZERO_128,
        dims: [],
        dataType: onnx.TensorProto.DataType.UINT8,
        rawData: new Uint8Array([128]),
      }),
    );
    g.initializer = [...(g.initializer ?? []), ...added];
  }
  // DequantizeLinear nodes nothing reads any more would still run every batch.
  const read = new Set(nodes.flatMap((n) => n.input ?? []));
  for (const o of g.output ?? []) read.add(o.name ?? '');
  g.node = nodes.filter((n) => n.opType !== 'DequantizeLinear' || (n.output ?? []).some((o) => read.has(o)));
  pruneUnusedInitializers(g);
  return { bytes: onnx.ModelProto.encode(m).finish(), rewritten };
}
