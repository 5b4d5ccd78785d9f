import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openStore } from './store.ts';

describe('settings', () => {
  it('stores values by key across a reopen', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    expect(await store.getSetting('theme')).toBeUndefined();
    await store.setSetting('theme', 'dark');
    await store.setSetting('weights', { click: 1, cart: 3 });
    await store.setSetting('theme', 'light');
    store.close();
    const again = await openStore('shop', { indexedDB: factory });
    expect(await again.getSetting<string>('theme')).toBe('light');
    expect(await again.getSetting<{ click: number }>('weights')).toEqual({ click: 1, cart: 3 });
    again.close();
  });

  it('deletes a key set to undefined', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    await store.setSetting('optOut', true);
    await store.setSetting('optOut', undefined);
    expect(await store.getSetting('optOut')).toBeUndefined();
    store.close();
  });

  it('rejects an empty key with INVALID_OPTION and an uncloneable value with STORAGE_FAILED', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    await expect(store.setSetting('', 1)).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(store.setSetting('fn', () => 1)).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: expect.stringContaining('setSetting'),
    });
    store.close();
  });
});
