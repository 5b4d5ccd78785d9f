/**
 * Named sections of a published artifact without the rest of its binary: HTTP byte ranges of the
 * file the manifest lists (beside the manifest, so on the same origin), each verified against the
 * SHA-256 the manifest gives for that section. A big artifact's first download is made of them
 * (artifact-source.ts), and the site signals' revalidation uses them (published-signals.ts): a
 * rebuilt artifact whose vectors a returning visitor already has costs the `signals` section (and
 * `keys`, when the items changed), not the whole binary.
 *
 * A server that ignores `Range` answers 200 with the whole file: the section is cut from it (and
 * the file is not requested again for another section). Per the Fetch standard a request with
 * `Range` asks for `Accept-Encoding: identity`, so offsets are those of the file as written.
 */
import { type ArtifactManifest, artifactError, MAX_ARTIFACT_FILE_BYTES, resolveArtifactFile } from '../../artifact/index.ts';
import { sha256Hex } from '../../digest/sha256.ts';
import { errorMessage } from '../../errors.ts';

/**
 * Sections a download by sections leaves out: ranking does without them until they are in, and
 * their readers fetch them after the artifact (published-section.ts). The learned space (96 B per
 * item, as much as the ranking codes at 32k) would otherwise hold back the first vector-ranked
 * answers; "for you" and "bought together" rank in the text space until it is in.
 */
export const LATER_SECTIONS: readonly string[] = ['learned'];

/**
 * The bytes of the sections `names` of the artifact whose manifest (already fetched) is at
 * `manifestUrl`, by name. Throws `ARTIFACT_INVALID` naming the file and what is wrong (a section
 * the manifest lacks, an HTTP error, a short or long answer, a SHA-256 mismatch).
 */
export async function fetchSections(
  manifestUrl: string,
  manifest: ArtifactManifest,
  names: readonly string[],
  onProgress?: (loaded: number) => void,
): Promise<Map<string, Uint8Array>> {
  const loaded = names.map(() => 0);
  const progress = (i: number) => (n: number) => {
    loaded[i] = n;
    onProgress?.(loaded.reduce((a, b) => a + b, 0));
  };
  /** Whole files, from servers that answered a range with the whole file. */
  const whole = new Map<string, Uint8Array>();
  // The first alone: its answer says whether the server serves ranges. Then the others at once, so
  // a phone's link is not idle for a round trip between sections (40 ms or more each).
  const first = names.length ? await fetchSection(manifestUrl, manifest, names[0]!, whole, progress(0)) : undefined;
  const others = await Promise.all(names.slice(1).map((name, i) => fetchSection(manifestUrl, manifest, name, whole, progress(i + 1))));
  return new Map(names.map((name, i) => [name, i === 0 ? first! : others[i - 1]!]));
}

/** One section of `fetchSections`, cut from a whole file in `whole` when the server sent one. */
async function fetchSection(
  manifestUrl: string,
  manifest: ArtifactManifest,
  name: string,
  whole: Map<string, Uint8Array>,
  onProgress: (loaded: number) => void,
): Promise<Uint8Array> {
  const section = manifest.sections.find((s) => s.name === name);
  const file = section && manifest.files.find((f) => f.name === section.file);
  if (!section || !file) throw artifactError(manifestUrl, `has no section "${name}"`);
  const url = resolveArtifactFile(file.name, manifestUrl);
  let bytes: Uint8Array;
  const known = whole.get(file.name);
  if (section.bytes === 0) bytes = new Uint8Array(0);
  else if (known) bytes = known.subarray(section.offset, section.offset + section.bytes);
  else {
    let response: Response;
    try {
      // Past the HTTP cache: its per-URL lock made concurrent ranges of one file wait, and some were
      // sent twice (a phone visit's 32k artifact: +0.5-2 MB). IndexedDB keeps what a visit took.
      response = await globalThis.fetch(url, {
        cache: 'no-store',
        headers: { Range: `bytes=${section.offset}-${section.offset + section.bytes - 1}` },
      });
    } catch (err) {
      throw artifactError(url, `could not be fetched (${errorMessage(err)})`, err);
    }
    if (response.status === 206) bytes = await rangeBody(response, url, name, section.bytes, onProgress);
    else if (response.status === 200) {
      const body = new Uint8Array(await response.arrayBuffer());
      if (body.byteLength !== file.bytes) throw artifactError(url, `is ${body.byteLength} bytes, the manifest says ${file.bytes}`);
      whole.set(file.name, body);
      bytes = body.subarray(section.offset, section.offset + section.bytes);
    } else {
      throw artifactError(url, `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
  }
  if ((await sha256Hex(bytes)) !== section.sha256) throw artifactError(url, `section "${name}" is corrupt: SHA-256 mismatch`);
  onProgress(section.bytes);
  return bytes;
}

/**
 * The body of a 206 answer for a section of `expected` bytes, streamed into a buffer of exactly that
 * size (the manifest's, bounded: a section is never larger than `MAX_ARTIFACT_FILE_BYTES`), with
 * `onProgress` as bytes arrive. A longer or shorter body fails naming the section.
 */
async function rangeBody(
  response: Response,
  url: string,
  name: string,
  expected: number,
  onProgress: (loaded: number) => void,
): Promise<Uint8Array> {
  if (expected > MAX_ARTIFACT_FILE_BYTES)
    throw artifactError(url, `section "${name}" is declared as ${expected} bytes, more than a page accepts`);
  const out = new Uint8Array(expected);
  let loaded = 0;
  const reader = response.body?.getReader();
  if (!reader) return checkedLength(new Uint8Array(await response.arrayBuffer()), url, name, expected);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.byteLength > expected) {
      await reader.cancel();
      throw artifactError(url, `answered more than the ${expected} bytes of section "${name}"`);
    }
    out.set(value, loaded);
    loaded += value.byteLength;
    onProgress(loaded);
  }
  return checkedLength(out.subarray(0, loaded), url, name, expected);
}

function checkedLength(bytes: Uint8Array, url: string, name: string, expected: number): Uint8Array {
  if (bytes.byteLength !== expected)
    throw artifactError(url, `answered ${bytes.byteLength} bytes for section "${name}" of ${expected} bytes`);
  return bytes;
}
