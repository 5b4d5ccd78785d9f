/**
 * Drops the initializers no node reads any more after a graph rewrite (int8-activations.ts,
 * opset-15.ts): onnxruntime would log a warning for each at every session start, and the CLI's
 * output should say only what the user needs.
 */
import type onnxProto from 'onnx-proto';

/** Removes, in place, every initializer of `graph` that no node and no graph output reads. */
export function pruneUnusedInitializers(graph: onnxProto.onnx.IGraphProto): void {
  const read = new Set((graph.node ?? []).flatMap((n) => n.input ?? []));
  for (const o of graph.output ?? []) read.add(o.name ?? '');
  graph.initializer = (graph.initializer ?? []).filter((t) => read.has(t.name ?? ''));
}
