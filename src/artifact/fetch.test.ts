import { describe, expect, it } from 'vitest';
import { build, makeItems } from '../../test/artifact-fixtures.ts';
import { ErrorCodes } from '../errors.ts';
import { fetchArtifact, grown, MAX_ARTIFACT_FILE_BYTES } from './fetch.ts';

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

  it('refuses a declared size over the cap before requesting the file', async () => {
    const { fetch, requested, binaryUrl } = await site((f) => {
      const manifest = JSON.parse(f[`${BASE}manifest.json`] as string) as { files: { bytes: number }[] };
      manifest.files[0]!.bytes = 4e9;
      f[`${BASE}manifest.json`] = JSON.stringify(manifest);
    });
    await expect(fetchArtifact(`${BASE}manifest.json`, { fetch })).rejects.toMatchObject({
      code: ErrorCodes.ARTIFACT_INVALID,
      message: expect.stringContaining(`is declared as 4000000000 bytes, more than the ${MAX_ARTIFACT_FILE_BYTES} a page accepts`),
    });
    expect(requested).not.toContain(binaryUrl);
  });

  it("refuses an uncompressed answer whose Content-Length is not the manifest's size, without reading it", async () => {
    const { written, binaryUrl } = await site();
    for (const [declared, says] of [
      [100, `is truncated: 100 of ${written.binary.byteLength} bytes (its Content-Length)`],
      [written.binary.byteLength + 1, `is longer than the ${written.binary.byteLength} bytes the manifest states`],
    ] as const) {
      let read = false;
      const fetch = async (input: string | URL) => {
        if (String(input) !== binaryUrl) return new Response(written.manifestText);
        // highWaterMark 0: `pull` runs only when a reader asks for bytes.
        const body = new ReadableStream<Uint8Array>(
          {
            pull() {
              read = true;
            },
          },
          { highWaterMark: 0 },
        );
        return new Response(body, { headers: { 'content-length': String(declared) } });
      };
      await expect(fetchArtifact(`${BASE}manifest.json`, { fetch })).rejects.toMatchObject({
        code: ErrorCodes.ARTIFACT_INVALID,
        message: expect.stringContaining(says),
      });
      expect(read).toBe(false);
    }
  });

  it('grows the download buffer by doubling, keeping what arrived, never past the declared size', () => {
    const first = new Uint8Array([1, 2, 3, 0]);
    const doubled = grown(first, 3, 5, 100);
    expect([...doubled]).toEqual([1, 2, 3, 0, 0, 0, 0, 0]);
    expect(grown(first, 3, 5, 6).byteLength).toBe(6);
    expect(grown(first, 4, 20, 100).byteLength).toBe(20);
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
