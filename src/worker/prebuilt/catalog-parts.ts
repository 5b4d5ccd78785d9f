/**
 * The records of a first visit's early answers (head-answers.ts): fetched part by part from the
 * build's catalog parts (src/artifact/catalog-parts.ts), each part once per page view, verified
 * against the manifest and the head's keys. Only the parts holding the shown items are fetched:
 * at 32k Steam items a widget of 8 cards costs up to 8 parts of ~15 KB of brotli, against 1.9 MB
 * for the catalog.
 */
import { decodeCatalogPart } from '../../artifact/catalog-parts.ts';
import type { ArtifactCatalogParts } from '../../artifact/format.ts';
import type { CatalogItem } from '../../types/index.ts';

/** The catalog parts a manifest lists, fetched on demand. */
export class CatalogParts {
  private readonly parts = new Map<number, Promise<CatalogItem[]>>();

  /** `url`: the manifest's absolute URL (the parts sit beside it); `keys`: the head's, in row order. */
  constructor(
    private readonly url: string,
    private readonly entry: ArtifactCatalogParts,
    private readonly keys: readonly string[],
  ) {}

  /** The records of artifact rows `rows`, in that order. Rejects when a part cannot be fetched or checked. */
  async records(rows: readonly number[]): Promise<CatalogItem[]> {
    const parts = await Promise.all(rows.map((row) => this.part(Math.floor(row / this.entry.rows))));
    return rows.map((row, i) => parts[i]![row % this.entry.rows]!);
  }

  private part(part: number): Promise<CatalogItem[]> {
    let loading = this.parts.get(part);
    if (!loading) {
      const fileUrl = new URL(this.entry.files[part]!.name, this.url).href;
      loading = (async () => {
        const response = await globalThis.fetch(fileUrl);
        if (!response.ok) throw new Error(`${fileUrl}: HTTP ${response.status}`);
        return decodeCatalogPart(new Uint8Array(await response.arrayBuffer()), this.entry, part, this.keys, fileUrl);
      })();
      // A failed part is asked again by the next call (a transient network error).
      loading.catch(() => this.parts.delete(part));
      this.parts.set(part, loading);
    }
    return loading;
  }
}
