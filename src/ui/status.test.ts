import { describe, expect, it } from 'vitest';
import { type ListState, statusLine } from './status.ts';

const base: ListState = { count: 8, warming: false, failed: false, fetchFailed: false };

describe('status line', () => {
  it('says "loading" beside placeholder cards, progress only while embedding, nothing once done', () => {
    expect(statusLine({ ...base, count: undefined })).toMatchObject({ key: 'status.loading', busy: true });
    expect(statusLine({ ...base, warming: true, progress: { done: 64, total: 659 } })).toMatchObject({
      key: 'status.warming',
      vars: { done: 64, total: 659, count: 659 },
      busy: false,
    });
    expect(statusLine({ ...base, warming: true, progress: { done: 64, total: 659 } }).progress).toBeCloseTo(64 / 659);
    // Nothing done yet: "warming up", without "(0 of 659)".
    expect(statusLine({ ...base, warming: true, progress: { done: 0, total: 659 } })).toEqual({
      key: 'status.warming-start',
      progress: 0,
      busy: false,
      tone: 'info',
    });
    // Quick results with no progress yet (the catalog or the model still loading): never an empty line.
    expect(statusLine({ ...base, warming: true })).toEqual({ key: 'status.quick', busy: false, tone: 'info' });
    expect(statusLine({ ...base, warming: true, count: 0 })).toEqual({ busy: false, tone: 'info' });
    // A finished (or cached) catalog shows no bar and no text.
    expect(statusLine({ ...base, progress: { done: 659, total: 659 } })).toEqual({ busy: false, tone: 'info' });
    expect(statusLine(base)).toEqual({ busy: false, tone: 'info' });
  });

  it("says what a first visit's stand-ins are (the build's starter), whatever downloads meanwhile", () => {
    const downloading = { done: 10, total: 100, unit: 'bytes' as const };
    expect(statusLine({ ...base, warming: true, starter: 'popular', progress: downloading })).toEqual({
      key: 'status.popular',
      busy: false,
      tone: 'info',
    });
    expect(statusLine({ ...base, warming: true, starter: 'sample' })).toMatchObject({ key: 'status.sample' });
    // None shown (all dismissed): the usual line.
    expect(statusLine({ ...base, count: 0, warming: true, starter: 'popular', progress: downloading })).toMatchObject({
      key: 'status.downloading',
    });
  });

  it('never says "unavailable" over results: simpler results, or quiet when results are real', () => {
    expect(statusLine({ ...base, failed: true, warming: true })).toMatchObject({ key: 'status.simpler', tone: 'warning' });
    expect(statusLine({ ...base, failed: true })).toEqual({ busy: false, tone: 'info' });
    expect(statusLine({ ...base, failed: true, count: 0 })).toMatchObject({ key: 'status.unavailable' });
    expect(statusLine({ ...base, failed: true, count: undefined })).toMatchObject({ key: 'status.unavailable', busy: false });
    expect(statusLine({ ...base, fetchFailed: true, count: 0 })).toMatchObject({ key: 'status.unavailable' });
    // A failure ends the progress bar and the placeholders.
    expect(statusLine({ ...base, count: undefined, failed: true, progress: { done: 1, total: 9 } }).progress).toBeUndefined();
  });
});
