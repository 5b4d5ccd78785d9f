/**
 * A first visit's starter (src/artifact/starter-file.ts): the few catalog records the build put
 * beside the manifest, fetched right after it, so that calls made before the catalog is in can be
 * answered with them (engine.ts), marked warming with their basis, instead of waiting for the
 * catalog and the artifact's head (4.5 s on a phone's link at 32k items; the starter ~1 s).
 */
import { parseArtifactManifest } from '../../artifact/manifest.ts';
import { decodeStarter, type Starter } from '../../artifact/starter-file.ts';

/**
 * The starter the manifest in `manifest` (the response of `url`) names, or undefined: none named,
 * or it could not be fetched or checked. Never rejects: the starter only shortens a wait.
 */
export async function fetchStarter(url: string, manifest: Promise<Response>): Promise<Starter | undefined> {
  try {
    const response = (await manifest).clone();
    if (!response.ok) return undefined;
    const { starter } = parseArtifactManifest(JSON.parse(await response.text()), url);
    if (!starter) return undefined;
    const fileUrl = new URL(starter.file.name, url).href;
    const file = await globalThis.fetch(fileUrl);
    if (!file.ok) return undefined;
    return await decodeStarter(new Uint8Array(await file.arrayBuffer()), starter, fileUrl);
  } catch {
    return undefined;
  }
}
