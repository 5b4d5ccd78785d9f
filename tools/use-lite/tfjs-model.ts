/** Reads a TF.js graph model (`model.json` + weight shards) into nodes and typed weight arrays. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from './onnx-graph.ts';

/** One node of the TF GraphDef, as TF.js serialises it. */
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

/** The attribute shapes the converter reads. */
export interface TfAttr {
  i?: string;
  b?: boolean;
  f?: number;
  type?: number;
  list?: { i?: string[] };
  s?: number[];
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

/** The parsed model: graph nodes in file order and every weight by name. */
export interface TfModel {
  nodes: TfNode[];
  weights: Map<string, Tensor>;
}

/** Loads `model.json` from `dir` and slices its shards into one tensor per weight. */
export function loadTfjsModel(dir: string): TfModel {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: { node: TfNode[] };
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  };
  const weights = new Map<string, Tensor>();
  for (const group of json.weightsManifest) {
    const buffer = Buffer.concat(group.paths.map((p) => readFileSync(join(dir, p))));
    let offset = 0;
    for (const spec of group.weights) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const bytes = buffer.subarray(offset, offset + size * 4);
      // Copy into a fresh, aligned ArrayBuffer: a shard offset need not be 4-byte aligned.
      const aligned = new Uint8Array(bytes).buffer;
      if (spec.dtype === 'float32') weights.set(spec.name, { dtype: 'float32', shape: spec.shape, data: new Float32Array(aligned) });
      else if (spec.dtype === 'int32') weights.set(spec.name, { dtype: 'int32', shape: spec.shape, data: new Int32Array(aligned) });
      else throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported`);
      offset += size * 4;
    }
    if (offset !== buffer.length) throw new Error(`weight shards hold ${buffer.length} bytes, the manifest ${offset}`);
  }
  return { nodes: json.modelTopology.node, weights };
}
