/** A Blob whose bytes (and its slices' bytes) can be read at once, as `FileReaderSync` reads in a worker. */
export class HeldBlob extends Blob {
  constructor(readonly held: Uint8Array) {
    super([held as Uint8Array<ArrayBuffer>]);
  }

  override slice(start = 0, end = this.held.length): HeldBlob {
    return new HeldBlob(this.held.subarray(start, end));
  }
}
