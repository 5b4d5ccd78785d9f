/**
 * The whole-body download by XMLHttpRequest against a stand-in XMLHttpRequest (Node has none): what
 * it resolves and when, its watchdog, and which requests it takes. The real one is driven in
 * Chromium by e2e/stalls.spec.ts (the catalog held before its headers and half-way).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { canUseXhr, fetchWholeBody, installWholeBodyFetch, wholeBodyFetch, xhrFetch } from './xhr-fetch.ts';

const STALL_MS = 60;

/** An XMLHttpRequest whose network the test plays: headers, progress, the end, an error. */
class FakeXhr extends EventTarget {
  static readonly HEADERS_RECEIVED = 2;
  static last: FakeXhr | undefined;
  readyState = 0;
  status = 0;
  statusText = '';
  response: ArrayBuffer | null = null;
  responseType = '';
  responseURL = '';
  url = '';
  aborted = false;
  sent = false;
  readonly requestHeaders: Record<string, string> = {};
  private responseHeaders = '';

  constructor() {
    super();
    FakeXhr.last = this;
  }
  open(method: string, url: string): void {
    expect(method).toBe('GET');
    this.url = url;
    this.readyState = 1;
  }
  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name] = value;
  }
  send(): void {
    this.sent = true;
  }
  abort(): void {
    this.aborted = true;
  }
  getAllResponseHeaders(): string {
    return this.responseHeaders;
  }
  playHeaders(status: number, headers: string): void {
    this.status = status;
    this.statusText = 'OK';
    this.responseURL = this.url;
    this.responseHeaders = headers;
    this.readyState = 2;
    this.dispatchEvent(new Event('readystatechange'));
  }
  playProgress(): void {
    this.readyState = 3;
    this.dispatchEvent(new Event('progress'));
  }
  playLoad(body: ArrayBuffer): void {
    this.response = body;
    this.readyState = 4;
    this.dispatchEvent(new Event('readystatechange'));
    this.dispatchEvent(new Event('load'));
    this.dispatchEvent(new Event('loadend'));
  }
  playError(): void {
    this.readyState = 4;
    this.dispatchEvent(new Event('error'));
    this.dispatchEvent(new Event('loadend'));
  }
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  FakeXhr.last = undefined;
});
afterEach(() => {
  vi.unstubAllGlobals();
  installWholeBodyFetch(undefined);
});

describe('canUseXhr', () => {
  it('takes plain GETs, with or without request headers', () => {
    expect(canUseXhr(undefined)).toBe(true);
    expect(canUseXhr({})).toBe(true);
    expect(canUseXhr({ method: 'get', headers: { Range: 'bytes=0-9' }, signal: new AbortController().signal })).toBe(true);
    expect(canUseXhr({ cache: 'default' })).toBe(true);
  });

  it('leaves to fetch what an XMLHttpRequest would do otherwise, and everything where there is none', () => {
    expect(canUseXhr({ cache: 'no-store' })).toBe(false);
    expect(canUseXhr({ cache: 'no-cache' })).toBe(false);
    expect(canUseXhr({ method: 'HEAD' })).toBe(false);
    expect(canUseXhr({ credentials: 'include' })).toBe(false);
    expect(canUseXhr({ integrity: 'sha256-x' })).toBe(false);
    vi.unstubAllGlobals();
    expect(canUseXhr(undefined)).toBe(false);
  });
});

describe('xhrFetch', () => {
  it('resolves at the headers, and its body readers at the end, with the very buffer received', async () => {
    const answer = xhrFetch('http://shop.test/catalog.json', { headers: { Range: 'bytes=0-3' } }, STALL_MS);
    const xhr = FakeXhr.last!;
    expect(xhr.sent).toBe(true);
    expect(xhr.responseType).toBe('arraybuffer');
    expect(xhr.requestHeaders).toEqual({ range: 'bytes=0-3' });
    xhr.playHeaders(200, 'Content-Type: application/json\r\nETag: "v1"\r\n');
    const response = await answer;
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe('http://shop.test/catalog.json');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(response.body).toBeNull();
    const bytes = response.arrayBuffer();
    const body = new TextEncoder().encode('[{"id":1}]').buffer as ArrayBuffer;
    xhr.playProgress();
    xhr.playLoad(body);
    expect(await bytes).toBe(body);
    expect(await response.json()).toEqual([{ id: 1 }]);
    expect(await response.text()).toBe('[{"id":1}]');
  });

  it('answers an error status as a response, as fetch does', async () => {
    const answer = xhrFetch('http://shop.test/missing.json', undefined, STALL_MS);
    FakeXhr.last!.playHeaders(404, 'content-type: text/plain\r\n');
    const response = await answer;
    expect(response.ok).toBe(false);
    expect(response.status).toBe(404);
  });

  it('abandons a request with no headers for its stall time, naming the URL', async () => {
    const t0 = performance.now();
    const err = await xhrFetch('http://shop.test/held.json', undefined, STALL_MS).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(STALL_MS - 5);
    expect(err).toMatchObject({ code: ErrorCodes.NETWORK_STALLED });
    expect(String((err as Error).message)).toContain('http://shop.test/held.json sent no bytes for 0.06 s');
    expect(FakeXhr.last!.aborted).toBe(true);
  });

  it('abandons a body that stops half-way, and keeps one whose bytes keep coming', async () => {
    const held = xhrFetch('http://shop.test/half.json', undefined, STALL_MS);
    const first = FakeXhr.last!;
    first.playHeaders(200, '');
    const heldBody = (await held).arrayBuffer();
    first.playProgress();
    expect(await heldBody.catch((e: unknown) => e)).toMatchObject({ code: ErrorCodes.NETWORK_STALLED });
    expect(first.aborted).toBe(true);

    const slow = xhrFetch('http://shop.test/slow.json', undefined, STALL_MS);
    const second = FakeXhr.last!;
    second.playHeaders(200, '');
    const slowBody = (await slow).arrayBuffer();
    // Six events a third of the stall time apart: twice the stall time in all, never a stall.
    for (let i = 0; i < 6; i++) {
      await sleep(STALL_MS / 3);
      second.playProgress();
    }
    const body = new ArrayBuffer(8);
    second.playLoad(body);
    expect(await slowBody).toBe(body);
    expect(second.aborted).toBe(false);
  });

  it('fails a network error as fetch does, and an abort with its reason', async () => {
    const failed = xhrFetch('http://shop.test/a.json', undefined, STALL_MS);
    FakeXhr.last!.playError();
    expect(await failed.catch((e: unknown) => e)).toBeInstanceOf(TypeError);

    const controller = new AbortController();
    const aborted = xhrFetch('http://shop.test/b.json', { signal: controller.signal }, STALL_MS);
    const reason = new Error('gone');
    controller.abort(reason);
    expect(await aborted.catch((e: unknown) => e)).toBe(reason);
    expect(FakeXhr.last!.aborted).toBe(true);
  });
});

describe('wholeBodyFetch and fetchWholeBody', () => {
  it('sends plain GETs by XMLHttpRequest and the rest to fetch', async () => {
    const fetchFn = vi.fn(async () => new Response('by fetch'));
    const whole = wholeBodyFetch(fetchFn, () => STALL_MS);
    const byXhr = whole('http://shop.test/c.json');
    FakeXhr.last!.playHeaders(200, '');
    FakeXhr.last!.playLoad(new TextEncoder().encode('by xhr').buffer as ArrayBuffer);
    expect(await (await byXhr).text()).toBe('by xhr');
    expect(await (await whole('http://shop.test/c.json', { cache: 'no-store' })).text()).toBe('by fetch');
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('calls the global fetch until one is installed', async () => {
    const global = vi.fn(async () => new Response('global'));
    vi.stubGlobal('fetch', global);
    expect(await (await fetchWholeBody('http://shop.test/d.json')).text()).toBe('global');
    installWholeBodyFetch(async () => new Response('installed'));
    expect(await (await fetchWholeBody('http://shop.test/d.json')).text()).toBe('installed');
    expect(global).toHaveBeenCalledTimes(1);
  });
});
