/**
 * The build's model graph stamped with ONNX opset 15, so the onnxruntime-node the CLI asks for can
 * run it.
 *
 * Why: the newest onnxruntime-node that installs with no install script and within issue 30's
 * 80 MB is 1.10.0 (75 MB with onnxruntime-common, every platform's binary; 1.17 and later run an
 * install script that downloads CUDA libraries on linux x64, and unpack to 100-288 MB). 1.10 runs
 * opsets up to 15; the USE-lite files are stamped 18. Between 15 and 18 the only change this graph meets is where the
 * reductions (ReduceMean, ReduceProd, ReduceMax) take their axes: an input since 18, an attribute
 * before. Every such input here is a constant, so moving it into the attribute is the same graph.
 * On 512 Steam texts the opset-15 graph on onnxruntime-node 1.10 and the opset-18 one on 1.2x agree
 * to cosine >= .9999, and token ids are identical (docs/notes/phone-first-visit.md).
 *
 * Anything else newer than 15 (a Split by `num_outputs`, a reduction whose axes are computed, a
 * reduction mode of ScatterND or `noop_with_empty_axes` that 15 lacks) leaves the model as it is: a runtime that reads it
 * then says which opset it needs, and a newer onnxruntime-node runs it.
 */
import onnxProto from 'onnx-proto';
import { pruneUnusedInitializers } from './onnx-prune.ts';

const { onnx } = onnxProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

/** The opset this rewrite stamps. */
export const TARGET_OPSET = 15;

/** Reductions whose axes moved from an attribute (<= 17) to an input (18); ReduceSum moved at 13. */
const AXES_INPUT_SINCE_18 = new Set([
  'ReduceMean',
  'ReduceProd',
  'ReduceMax',
  'ReduceMin',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
]);

/** The int64 values of a constant tensor, or undefined when it is not one. */
function int64Values(t: TensorProto | undefined): number[] | undefined {
  if (!t || t.dataType !== onnx.TensorProto.DataType.INT64) return undefined;
  if (t.int64Data && t.int64Data.length > 0) return t.int64Data.map(Number);
  const raw = t.rawData;
  if (!raw || raw.length % 8 !== 0) return raw && raw.length === 0 ? [] : undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  return Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}

/** True when `n` uses something opset 15 does not have (besides the axes this rewrite moves). */
function needsNewerOpset(n: NodeProto): boolean {
  const attrs = new Set((n.attribute ?? []).map((a) => a.name));
  if (n.opType === 'Split' && attrs.has('num_outputs')) return true;
  if ((n.opType === 'ScatterND' || n.opType === 'ScatterElements') && attrs.has('reduction')) return true;
  if (AXES_INPUT_SINCE_18.has(n.opType ?? '') && attrs.has('noop_with_empty_axes')) return true;
  return false;
}

/**
 * `model` (ONNX bytes) stamped with opset {@link TARGET_OPSET}, each reduction's constant axes input
 * moved into its `axes` attribute; and how many nodes moved. Returned unchanged (`rewritten: 0`,
 * the same bytes) when the model is at 15 or below already, or uses anything the rewrite cannot
 * express at 15. Deterministic: the same bytes in give the same bytes out.
 */
export function withOpset15(model: Uint8Array): { bytes: Uint8Array; rewritten: number } {
  const unchanged = { bytes: model, rewritten: 0 };
  const m = onnx.ModelProto.decode(model);
  const main = (m.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!main || Number(main.version) <= TARGET_OPSET) return unchanged;
  const graph = m.graph;
  if (!graph) return unchanged;
  const constants = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const moves: { node: NodeProto; axes: number[] }[] = [];
  for (const n of graph.node ?? []) {
    if (needsNewerOpset(n)) return unchanged;
    if (!AXES_INPUT_SINCE_18.has(n.opType ?? '') || (n.input ?? []).length < 2) continue;
    const axes = int64Values(constants.get(n.input![1]!));
    if (axes === undefined || (n.input ?? []).length > 2) return unchanged;
    moves.push({ node: n, axes });
  }
  for (const { node, axes } of moves) {
    node.input = [node.input![0]!];
    // An empty axes input means "all axes" (no node here has noop_with_empty_axes): so does no attribute.
    if (axes.length > 0)
      node.attribute = [
        ...(node.attribute ?? []),
        onnx.AttributeProto.create({ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: axes }),
      ];
  }
  pruneUnusedInitializers(graph);
  main.version = TARGET_OPSET;
  return { bytes: onnx.ModelProto.encode(m).finish(), rewritten: moves.length };
}
