/**
 * Reads a retrieval endpoint's answers (src/server/handler.ts documents them). An endpoint is
 * another program the page does not control: its items pass the same screening as a catalog's
 * (shape, id, field types; an item that fails is left out) before a widget renders them, and its
 * vectors must have the page model's length and be finite.
 */
import { screenCatalog } from '../../catalog/screen.ts';
import { isRecord } from '../../catalog/text.ts';
import type { CatalogItem } from '../../types/index.ts';

/** One result of a ranking answer. */
export interface RemoteRow {
  key: string;
  item: CatalogItem;
  score: number;
  basis?: 'signals' | 'content';
}

/** A ranking answer: its rows, best first, and the requested item's vector when it sent one. */
export interface RankingAnswer {
  rows: RemoteRow[];
  anchor?: { key: string; vector: Float32Array };
}

/** The answer in `body`, or undefined when it is not one (the endpoint is then treated as down). */
export function readRankingAnswer(body: unknown, dims: number): RankingAnswer | undefined {
  if (!isRecord(body) || !Array.isArray(body.items)) return undefined;
  const raw = body.items as unknown[];
  const screened = screenCatalog(raw.map((row) => (isRecord(row) ? row.item : undefined)));
  const rows = screened.kept.flatMap(({ index, key, item }): RemoteRow[] => {
    const row = raw[index] as Record<string, unknown>;
    const score = typeof row.score === 'number' && Number.isFinite(row.score) ? row.score : 0;
    const basis = row.basis === 'signals' || row.basis === 'content' ? row.basis : undefined;
    return [{ key, item, score, ...(basis ? { basis } : {}) }];
  });
  const anchor = isRecord(body.anchor) ? body.anchor : undefined;
  const vector = anchor && vectorOf(anchor.vector, dims);
  return vector && typeof anchor.id === 'string' ? { rows, anchor: { key: anchor.id, vector } } : { rows };
}

/** The vectors of a `vectors` answer, by item key; undefined when `body` is not one. */
export function readVectorsAnswer(body: unknown, dims: number): Map<string, Float32Array> | undefined {
  if (!isRecord(body) || !isRecord(body.vectors)) return undefined;
  const vectors = new Map<string, Float32Array>();
  for (const [key, value] of Object.entries(body.vectors)) {
    const vector = vectorOf(value, dims);
    if (vector) vectors.set(key, vector);
  }
  return vectors;
}

function vectorOf(value: unknown, dims: number): Float32Array | undefined {
  if (!Array.isArray(value) || value.length !== dims) return undefined;
  if (!value.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  return Float32Array.from(value as number[]);
}
