import { describe, expect, it, vi } from 'vitest';
import { HeldBlob } from '../../test/helpers/held-blob.ts';
import { ByteItems, type JsonElement } from '../catalog/byte-items.ts';
import { jsonArrayElements } from '../catalog/json-elements.ts';
import { entryNames } from '../catalog/name.ts';
import { ErrorCodes } from '../errors.ts';
import { partJson } from './json-part.ts';
import type { CatalogPart, StoredEntry } from './schema.ts';
import { holdsBodies, moveBodiesToParts, PartBlobs, type SyncBlobReader } from './stored-elements.ts';

const PART = 4;
const SAVED_AT = 1234;

/** A fetched body (spacing as fetched), its items, and entries over every element but every 5th. */
function catalog(count = 18) {
  const given = Array.from({ length: count }, (_, i) => ({ id: i, title: `Item ${i}`, price: i }));
  const body = new TextEncoder().encode(
    `[ ${given.map((g) => ` { "id": ${g.id}, "title": "${g.title}",  "price": ${g.price} }`).join(' ,\n')} ]`,
  );
  const items = new ByteItems(body, jsonArrayElements(body)!);
  items.omit(6, ['price']);
  const entries: StoredEntry[] = given
    .map((g, i) => ({
      key: String(g.id),
      hash: `h${i}`,
      // Entry 9 holds its item without bytes: serialised alone.
      item: i === 9 ? { id: 9, title: 'Item 9' } : i === 6 ? { id: 6, title: 'Item 6' } : g,
      element: () => (i === 9 ? undefined : { items, index: i }),
    }))
    .filter((_, i) => i % 5 !== 4);
  return { given, items, entries };
}

/** The snapshot's parts of `entries` as written, read back as HeldBlobs. */
async function stored(entries: StoredEntry[]) {
  const offsets: Uint32Array[] = [];
  const records: CatalogPart[] = [];
  for (let p = 0; p * PART < entries.length; p++) {
    const json = partJson(entries.slice(p * PART, (p + 1) * PART));
    offsets.push(json.offsets);
    const itemsJson = new HeldBlob(new Uint8Array(await json.items.arrayBuffer()));
    records.push({ part: p, parts: Math.ceil(entries.length / PART), modelKey: 'm', savedAt: SAVED_AT, itemsJson });
  }
  return { offsets, records };
}

/** The parts' Blobs of `records`, which are this save's. */
function partsOf(records: readonly CatalogPart[]): PartBlobs {
  const parts = PartBlobs.of(records, SAVED_AT);
  if (!parts) throw new Error('not the parts of one save');
  return parts;
}

/** A reader of HeldBlobs that counts reads of whole parts (`records`' own Blobs) and of slices. */
function reader(records: readonly CatalogPart[] = []) {
  const reads = { whole: 0, slices: 0 };
  const parts = new Set(records.map((r) => r.itemsJson));
  const read: SyncBlobReader = (blob) => {
    if (parts.has(blob)) reads.whole++;
    else reads.slices++;
    return (blob as HeldBlob).held;
  };
  return { read, reads };
}

describe('a fetched body moved to the stored parts', () => {
  it('partJson: each entry starts at its offset, in runs, alone, and with faulty fields', async () => {
    const { entries } = catalog();
    const json = partJson(entries);
    const text = new TextDecoder().decode(new Uint8Array(await json.items.arrayBuffer()));
    const array = JSON.parse(text) as unknown[];
    for (let i = 0; i < entries.length; i++) {
      // The element's own JSON begins at its offset: parse up to the next element's.
      const end = i + 1 < entries.length ? json.offsets[i + 1]! : text.length;
      const piece = text.slice(json.offsets[i], end).replace(/\s*[,\]]\s*$/, '');
      expect(JSON.parse(piece)).toEqual(array[i]);
    }
    // Entry 6's bytes keep the price screening left out; the part names it (`CatalogPart.omitted`).
    expect(array[entries.findIndex((e) => e.key === '6')]).toMatchObject({ price: 6 });
    expect(json.omitted).toEqual([[entries.findIndex((e) => e.key === '6'), ['price']]]);
  });

  it('reads every item back the same, a part whole once a pass reads twice in it', async () => {
    const { items, entries } = catalog();
    const before = entries.map((e) => items.parse(e.element?.()?.index ?? 0));
    const { offsets, records } = await stored(entries);
    const { read, reads } = reader(records);
    expect(holdsBodies(entries)).toBe(true);
    expect(moveBodiesToParts(entries, PART, offsets, partsOf(records), read)).toBe(1);
    expect(items.isMoved).toBe(true);
    // Every body is on disk: a later save has nothing to move (and an entry serialised alone none).
    expect(holdsBodies(entries)).toBe(false);
    expect(holdsBodies(entries.filter((e) => e.key === '9'))).toBe(false);
    expect(() => items.source()).toThrow(/moved/);
    entries.forEach((e, i) => {
      const at = e.element?.();
      if (at) expect(items.parse(at.index)).toEqual(before[i]);
    });
    // 4 parts: the first read in each is a slice, the second reads the part whole, the rest none.
    expect(reads).toEqual({ whole: 4, slices: 4 });
    // Faulty fields are still left out on reads, and a run copied again joins its items by commas.
    expect(items.item(6)).toEqual({ id: 6, title: 'Item 6' });
    expect(JSON.parse(`[${new TextDecoder().decode(items.raw(0, 3))}]`)).toEqual(before.slice(0, 3));
    // An element not in the snapshot (every 5th) cannot be read: its bytes are gone.
    expect(() => items.parse(4)).toThrow(/element 4 was not stored/);
  });

  it('a body moved is copied again into a new snapshot, one item at a time', async () => {
    const { entries } = catalog();
    const parsed = async (json: { items: Blob }) => JSON.parse(new TextDecoder().decode(new Uint8Array(await json.items.arrayBuffer())));
    const first = partJson(entries);
    const { offsets, records } = await stored(entries);
    moveBodiesToParts(entries, PART, offsets, partsOf(records), reader().read);
    const again = partJson(entries);
    expect(await parsed(again)).toEqual(await parsed(first));
    expect(again.omitted).toEqual(first.omitted);
  });

  it('takes no parts that are not one save, in order, as Blobs; moves nothing with parts missing', async () => {
    const { items, entries } = catalog();
    const { offsets, records } = await stored(entries);
    expect(
      PartBlobs.of(
        records.map((r, i) => (i === 2 ? { ...r, savedAt: SAVED_AT + 1 } : r)),
        SAVED_AT,
      ),
    ).toBeUndefined();
    expect(
      PartBlobs.of(
        records.map((r, i) => (i === 1 ? { ...r, itemsJson: new Uint8Array(2) } : r)),
        SAVED_AT,
      ),
    ).toBeUndefined();
    expect(PartBlobs.of(records.slice(1), SAVED_AT)).toBeUndefined();
    expect(moveBodiesToParts(entries, PART, offsets, partsOf(records.slice(0, -1)), reader().read)).toBe(0);
    expect(items.isMoved).toBe(false);
  });

  it('reads from the parts as stored once they replace the ones made, when they are the same parts', async () => {
    const { items, entries } = catalog();
    const before = entries.map((e) => items.parse(e.element?.()?.index ?? 0));
    const { offsets, records } = await stored(entries);
    const again = (await stored(entries)).records;
    const made = partsOf(records);
    // Which part's bytes each read came from: a HeldBlob's slices share its buffer.
    const readFrom = new Set<ArrayBufferLike>();
    const read: SyncBlobReader = (blob) => {
      readFrom.add((blob as HeldBlob).held.buffer);
      return (blob as HeldBlob).held;
    };
    const buffers = (rs: readonly CatalogPart[]) => rs.map((r) => (r.itemsJson as HeldBlob).held.buffer);
    const partsRead = (rs: readonly CatalogPart[]) => [...readFrom].map((b) => buffers(rs).indexOf(b)).sort();
    moveBodiesToParts(entries, PART, offsets, made, read);
    // Another save, a part of another size, fewer parts: refused, the parts made still read.
    expect(
      made.replaceWith(
        again.map((r) => ({ ...r, savedAt: SAVED_AT + 1 })),
        SAVED_AT,
      ),
    ).toBe(false);
    const shorter = again.map((r, i) => (i === 3 ? { ...r, itemsJson: new HeldBlob(new Uint8Array(3)) } : r));
    expect(made.replaceWith(shorter, SAVED_AT)).toBe(false);
    expect(made.replaceWith(again.slice(0, -1), SAVED_AT)).toBe(false);
    expect(items.parse(0)).toEqual(before[0]);
    expect(partsRead(records)).toEqual([0]);
    // The same parts as stored: from now on every item is read from them, the same.
    readFrom.clear();
    expect(made.replaceWith(again, SAVED_AT)).toBe(true);
    for (const [p, r] of again.entries()) expect(made.get(p)).toBe(r.itemsJson);
    entries.forEach((e, i) => {
      const at = e.element?.();
      if (at) expect(items.parse(at.index)).toEqual(before[i]);
    });
    expect(partsRead(again)).toEqual([0, 1, 2, 3]);
  });

  it('names: what the scan read is named from memory once the body has moved; the rest from the items', async () => {
    const { items, entries } = catalog();
    // The trust check's pass reads the first 10 elements (each once, through `scan`).
    items.scan(() => {
      for (let i = 0; i < 10; i++) items.item(i);
    });
    const { offsets, records } = await stored(entries);
    const { read, reads } = reader(records);
    moveBodiesToParts(entries, PART, offsets, partsOf(records), read);
    for (const e of entries) {
      const at = e.element?.();
      if (!at || at.index >= 10) continue;
      expect(items.named(at.index)).toEqual({ title: `Item ${at.index}` });
      expect(entryNames({ item: e.item, place: () => at })).toEqual({ title: `Item ${at.index}` });
    }
    expect(reads).toEqual({ whole: 0, slices: 0 });
    // An element the scan did not read is named by its item, read from storage.
    const later = entries.find((e) => (e.element?.()?.index ?? 0) >= 10)!;
    const at = later.element?.() as JsonElement;
    expect(items.named(at.index)).toBeUndefined();
    expect(entryNames({ item: items.item(at.index), place: () => at })).toMatchObject({ title: `Item ${at.index}` });
    expect(reads.slices).toBe(1);
  });

  it('prefetch: the items of a list read in one read once the body has moved, then as recent reads', async () => {
    const { items, entries } = catalog();
    // The items as read from a body in memory (another copy: this one's reads are kept as recent reads).
    const twin = catalog().items;
    const wanted = [0, 6, 7, 13, 16];
    const before = wanted.map((i) => twin.item(i));
    const { offsets, records } = await stored(entries);
    const { read, reads } = reader(records);
    items.prefetch(wanted); // nothing to do while the body is held
    moveBodiesToParts(entries, PART, offsets, partsOf(records), read);
    // The slices of 4 parts joined in one Blob (a Blob of HeldBlobs here, read as their bytes).
    class JoinedBlob extends Blob {
      readonly held: Uint8Array;
      constructor(parts: HeldBlob[]) {
        super(parts);
        this.held = new Uint8Array(parts.reduce((n, p) => n + p.held.length, 0));
        let at = 0;
        for (const p of parts) {
          this.held.set(p.held, at);
          at += p.held.length;
        }
      }
    }
    vi.stubGlobal('Blob', JoinedBlob);
    try {
      items.prefetch(wanted);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(reads).toEqual({ whole: 0, slices: 1 });
    // Each now a recent read: the same items (the faulty price of 6 left out), no read more.
    expect(wanted.map((i) => items.item(i))).toEqual(before);
    expect(items.item(6)).not.toHaveProperty('price');
    expect(reads).toEqual({ whole: 0, slices: 1 });
  });

  it('prefetch: a read that fails leaves the items to their own reads, which name the part', async () => {
    const { items, entries } = catalog();
    const { offsets, records } = await stored(entries);
    moveBodiesToParts(entries, PART, offsets, partsOf(records), () => {
      throw new DOMException('gone', 'NotReadableError');
    });
    expect(() => items.prefetch([0, 5])).not.toThrow();
    expect(() => items.item(0)).toThrow(
      expect.objectContaining({ code: ErrorCodes.STORAGE_FAILED, message: expect.stringMatching(/part 0/) }),
    );
  });

  it('a part that cannot be read fails with STORAGE_FAILED naming it', async () => {
    const { items, entries } = catalog();
    const { offsets, records } = await stored(entries);
    moveBodiesToParts(entries, PART, offsets, partsOf(records), () => {
      throw new DOMException('gone', 'NotReadableError');
    });
    expect(() => items.parse(0)).toThrow(
      expect.objectContaining({ code: ErrorCodes.STORAGE_FAILED, message: expect.stringMatching(/part 0/) }),
    );
  });
});
