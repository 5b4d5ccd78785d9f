/**
 * The catalog's attributes that filters read, one column per field, built on a filter's first use.
 *
 * Why: a filter runs for every row that could enter the top-k, which for a rare filter is most of
 * the catalog, and a first visit's items are parsed from their bytes when read
 * (catalog/byte-items.ts): reading `entry.item` per row would parse up to every item per query. A
 * column costs one pass over the catalog per field, then a map lookup per row.
 */
import type { CatalogEntry } from '../../catalog/index.ts';
import type { AttributeLookup } from '../../vector-index/index.ts';

type Entries = ReadonlyMap<string, CatalogEntry>;

/** Field columns of one set of entries; a new set (the catalog changed) starts over. */
export class AttributeColumns {
  private entries: Entries | undefined;
  private readonly columns = new Map<string, Map<string, unknown>>();

  /**
   * A lookup of `fields` for `entries` (what `compileFilter` reads). Columns are built on its first
   * call, so a filter that fails to compile costs nothing.
   */
  lookup(entries: Entries, fields: readonly string[]): AttributeLookup {
    let read: AttributeLookup | undefined;
    return (key) => {
      read ??= this.build(entries, fields);
      return read(key);
    };
  }

  private build(entries: Entries, fields: readonly string[]): AttributeLookup {
    if (entries !== this.entries) {
      this.entries = entries;
      this.columns.clear();
    }
    const missing = fields.filter((f) => !this.columns.has(f));
    if (missing.length > 0) {
      const built = missing.map(() => new Map<string, unknown>());
      // One read of each item for all the new fields at once.
      for (const [key, entry] of entries) {
        const item = entry.item as Readonly<Record<string, unknown>>;
        missing.forEach((field, i) => {
          const value = item[field];
          if (value !== undefined) built[i]!.set(key, value);
        });
      }
      for (const [i, field] of missing.entries()) this.columns.set(field, built[i]!);
    }
    const wanted = fields.map((f) => [f, this.columns.get(f)!] as const);
    return (key) => {
      if (!entries.has(key)) return undefined;
      const attrs: Record<string, unknown> = {};
      for (const [field, column] of wanted) {
        const value = column.get(key);
        if (value !== undefined) attrs[field] = value;
      }
      return attrs;
    };
  }
}
