/**
 * What a V8 heap snapshot (DevTools' JSON) says about memory, in two views: the live objects
 * grouped by kind, and each large ArrayBuffer with the fields that hold it. The second is what
 * found the word-overlap builder's tables and the adoption's buffer held past their use (stop 66,
 * docs/notes/first-visit-memory.md): class names are minified in a built worker, field names are not.
 */

/** The parts of the snapshot JSON read here. */
interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Live objects of one kind: V8's node type and constructor name (strings by length instead). */
export interface ObjectGroup {
  kind: string;
  count: number;
  mb: number;
}

/** One ArrayBuffer's backing store and who holds it. */
export interface HeldBuffer {
  mb: number;
  /** Up to `depth` steps from the buffer towards the roots: `field<holder kind` (first retainer at each step). */
  path: string[];
  /** Each view of the buffer (a typed array, or a WebAssembly.Memory) as `field<holder`: the field that holds the view. */
  views: string[];
}

/** The two views of a snapshot. */
export interface SnapshotSummary {
  totalMB: number;
  groups: ObjectGroup[];
  buffers: HeldBuffer[];
}

const MB = 1048576;
const round = (bytes: number) => Math.round((bytes / MB) * 100) / 100;

/** Reads `json` (a heap snapshot): the `top` largest groups, and every backing store of at least `minBufferBytes`. */
export function summarise(json: string, top = 25, minBufferBytes = 256 * 1024, depth = 6): SnapshotSummary {
  const s = JSON.parse(json) as Snapshot;
  const {
    node_fields: nf,
    node_types: [types],
    edge_fields: ef,
    edge_types: [edgeTypes],
  } = s.snapshot.meta;
  const N = nf.length;
  const E = ef.length;
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f)) as [
    number,
    number,
    number,
    number,
  ];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [number, number, number];
  const kindOf = (node: number): string => {
    const type = types[s.nodes[node + iType]!]!;
    const name = s.strings[s.nodes[node + iName]!]!;
    if (type.includes('string')) return `${type} (${name.length < 16 ? '<16' : name.length < 64 ? '16-63' : '64+'} chars)`;
    return `${type} ${name.slice(0, 48)}`;
  };
  // Retainers: for each node, the nodes and edge names that point at it (weak edges left out).
  const retainers = new Map<number, [number, string][]>();
  const groups = new Map<string, ObjectGroup>();
  let total = 0;
  for (let node = 0, edge = 0; node < s.nodes.length; node += N) {
    const size = s.nodes[node + iSize]!;
    total += size;
    const kind = kindOf(node);
    const g = groups.get(kind) ?? { kind, count: 0, mb: 0 };
    g.count++;
    g.mb += size;
    groups.set(kind, g);
    for (let k = 0; k < s.nodes[node + iEdges]!; k++, edge += E) {
      const type = edgeTypes[s.edges[edge + eType]!]!;
      if (type === 'weak') continue;
      const name = type === 'element' || type === 'hidden' ? `[${type}]` : s.strings[s.edges[edge + eName]!]!;
      const to = s.edges[edge + eTo]!;
      const list = retainers.get(to) ?? [];
      list.push([node, name]);
      retainers.set(to, list);
    }
  }
  const buffers: HeldBuffer[] = [];
  for (let node = 0; node < s.nodes.length; node += N) {
    if (s.strings[s.nodes[node + iName]!] !== 'system / JSArrayBufferData' || s.nodes[node + iSize]! < minBufferBytes) continue;
    // The data's holder is the ArrayBuffer object; its retainers are the views and fields.
    const owner = retainers.get(node)?.[0]?.[0];
    const views = (owner === undefined ? [] : (retainers.get(owner) ?? [])).map(([view, name]) => {
      const holder = retainers.get(view)?.find(([from]) => from !== owner);
      return holder ? `${holder[1]}<${kindOf(holder[0])} (${name}<${kindOf(view)})` : `${name}<${kindOf(view)}`;
    });
    const path: string[] = [];
    for (let at = node, d = 0; d < depth; d++) {
      // Past the views, the first retainer that is not a view of the same buffer.
      const next = retainers.get(at)?.find(([from]) => from !== at);
      if (!next) break;
      path.push(`${next[1]}<${kindOf(next[0])}`);
      at = next[0];
    }
    buffers.push({ mb: round(s.nodes[node + iSize]!), path, views: views.slice(0, 8) });
  }
  buffers.sort((a, b) => b.mb - a.mb);
  const sorted = [...groups.values()].sort((a, b) => b.mb - a.mb).slice(0, top);
  return { totalMB: round(total), groups: sorted.map((g) => ({ ...g, mb: round(g.mb) })), buffers };
}
