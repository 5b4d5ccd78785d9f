/**
 * Named sections of a published artifact without the rest of its binary: HTTP byte ranges of the
 * file the manifest lists (beside the manifest, so on the same origin), each verified against the
 * SHA-256 the manifest gives for that section. The site signals' revalidation uses it
 * (published-signals.ts): a rebuilt artifact whose vectors a returning visitor already has costs the
 * `signals` section (and `keys`, when the items changed), not the whole binary.
 *
 * A server that ignores `Range` answers 200 with the whole file: the section is cut from it (and
 * the file is not requested again for another section). Per the Fetch standard a request with
 * `Range` asks for `Accept-Encoding: identity`, so offsets are those of the file as written.
 */
import { type ArtifactManifest, artifactError, resolveArtifactFile } from '../../artifact/index.ts';
import { sha256Hex } from '../../digest/sha256.ts';
import { errorMessage } from '../../errors.ts';

/**
 * The bytes of the sections `names` of the artifact whose manifest (already fetched) is at
 * `manifestUrl`, by name. Throws `ARTIFACT_INVALID` naming the file and what is wrong (a section
 * the manifest lacks, an HTTP error, a short or long answer, a SHA-256 mismatch).
 */
export async function fetchSections(
  manifestUrl: string,
  manifest: ArtifactManifest,
  names: readonly string[],
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  /** Whole files, from servers that answered a range with the whole file. */
  const whole = new Map<string, Uint8Array>();
  for (const name of names) {
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
        response = await globalThis.fetch(url, { headers: { Range: `bytes=${section.offset}-${section.offset + section.bytes - 1}` } });
      } catch (err) {
        throw artifactError(url, `could not be fetched (${errorMessage(err)})`, err);
      }
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status === 206) {
        if (body.byteLength !== section.bytes) {
          throw artifactError(url, `answered ${body.byteLength} bytes for section "${name}" of ${section.bytes} bytes`);
        }
        bytes = body;
      } else if (response.status === 200) {
        if (body.byteLength !== file.bytes) throw artifactError(url, `is ${body.byteLength} bytes, the manifest says ${file.bytes}`);
        whole.set(file.name, body);
        bytes = body.subarray(section.offset, section.offset + section.bytes);
      } else {
        throw artifactError(url, `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
      }
    }
    if ((await sha256Hex(bytes)) !== section.sha256) throw artifactError(url, `section "${name}" is corrupt: SHA-256 mismatch`);
    out.set(name, bytes);
  }
  return out;
}
