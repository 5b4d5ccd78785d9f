import { describe, expect, it } from 'vitest';
import { build, makeItems } from '../../test/artifact-fixtures.ts';
import { ErrorCodes } from '../errors.ts';
import { fetchArtifact } from './fetch.ts';

const BASE = 'https://shop.test/inpage-rec/vectors/';

/** A fake origin: `files` by URL, bodies streamed in chunks of `chunk` bytes. */
function origin(files: Record<string, Uint8Array | string | number>, chunk = 1000) {
  const requested: string[] = [];
  const fetch = async (input: string | URL) => {
    const url = String(input);
    requested.push(url);
    const body = files[url];
    if (body === undefined) return new Response('not found', { status: 404, statusText: 'Not Found' });
    if (typeof body === 'number') return new Response('', { status: body });
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.byteLength) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      },
    });
    return new Response(stream, { status: 200 });
  };
  return { fetch, requested };
}

async function site(edit?: (files: Record<string, Uint8Array | string | number>, binaryUrl: string) => void) {
  const written = await build(await makeItems(['a', 'b', 'c', 'd']), { signals: new Uint8Array([9, 9]) });
  const binaryUrl = `${BASE}${written.binaryName}`;
  const files: Record<string, Uint8Array | string | number> = {
    [`${BASE}manifest.json`]: written.manifestText,
    [binaryUrl]: written.binary,
  };
  edit?.(files, binaryUrl);
  return { written, binaryUrl, ...origin(files, 64) };
}

describe('fetchArtifact', () => {
  it('streams the binary next to the manifest with progress, and returns the verified artifact', async () => {
    const { written, binaryUrl, fetch, requested } = await site();
    const progress: [number, number][] = [];
    // The manifest is handed over before the binary is requested.
    const manifestSeen: number[] = [];
    const artifact = await fetchArtifact(`${BASE}manifest.json`, {
      fetch,
      onProgress: (loaded, total) => progress.push([loaded, total]),
      onManifest: (m) => manifestSeen.push(requested.length, m.count),
    });
    expect(manifestSeen).toEqual([1, 4]);
    expect(requested).toEqual([`${BASE}manifest.json`, binaryUrl]);
    expect(artifact.keys).toEqual(['a', 'b', 'c', 'd']);
    expect(artifact.sections.get('signals')).toEqual(new Uint8Array([9, 9]));
    const total = written.binary.byteLength;
    expect(progress.length).toBe(Math.ceil(total / 64));
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.every(([loaded], i) => i === 0 || loaded > progress[i - 1]![0])).toBe(true);
  });

  it('names the URL and the fault: HTTP status, not JSON, truncated, too long, corrupt', async () => {
    const cases: [(f: Record<string, Uint8Array | string | number>, bin: string) => void, RegExp][] = [
      [
        (f) => {
          delete f[`${BASE}manifest.json`];
        },
        /manifest.json": the server answered HTTP 404 Not Found/,
      ],
      [
        (f) => {
          f[`${BASE}manifest.json`] = '<html>';
        },
        /manifest.json": is not valid JSON/,
      ],
      [
        (f, bin) => {
          f[bin] = (f[bin] as Uint8Array).subarray(0, 100);
        },
        /\.bin": is truncated: 100 of \d+ bytes/,
      ],
      [
        (f, bin) => {
          f[bin] = new Uint8Array([...(f[bin] as Uint8Array), 1, 2]);
        },
        /\.bin": is longer than the \d+ bytes the manifest states/,
      ],
      [
        (f, bin) => {
          const b = (f[bin] as Uint8Array).slice();
          b[200]! ^= 1;
          f[bin] = b;
        },
        /\.bin": is corrupt: its SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64} \(manifest https:\/\/shop\.test/,
      ],
      [
        (f, bin) => {
          f[bin] = 500;
        },
        /\.bin": the server answered HTTP 500/,
      ],
    ];
    for (const [edit, pattern] of cases) {
      const { fetch } = await site(edit);
      await expect(fetchArtifact(`${BASE}manifest.json`, { fetch })).rejects.toMatchObject({
        code: ErrorCodes.ARTIFACT_INVALID,
        message: expect.stringMatching(pattern),
      });
    }
  });

  it('stops with ABORTED when the signal fires', async () => {
    const { fetch } = await site();
    const controller = new AbortController();
    controller.abort();
    await expect(fetchArtifact(`${BASE}manifest.json`, { fetch, signal: controller.signal })).rejects.toMatchObject({
      code: ErrorCodes.ABORTED,
    });
  });

  it('resolves the binary beside a relative manifest URL', async () => {
    const written = await build(await makeItems(['a']));
    const { fetch, requested } = origin({
      '/inpage-rec/vectors/manifest.json': written.manifestText,
      [`/inpage-rec/vectors/${written.binaryName}`]: written.binary,
    });
    const artifact = await fetchArtifact('/inpage-rec/vectors/manifest.json', { fetch });
    expect(artifact.keys).toEqual(['a']);
    expect(requested).toEqual(['/inpage-rec/vectors/manifest.json', `/inpage-rec/vectors/${written.binaryName}`]);
  });
});
