/** The optimiser of the learned map's trainer (train.ts). */

/** Adam (Kingma & Ba) over one flat parameter array. */
export class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    size: number,
    private readonly rate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** One update of `params` from the gradient `g` (same length). */
  step(params: Float32Array, g: Float32Array): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const gi = g[i]!;
      this.m[i] = this.beta1 * this.m[i]! + (1 - this.beta1) * gi;
      this.v[i] = this.beta2 * this.v[i]! + (1 - this.beta2) * gi * gi;
      params[i]! -= (this.rate * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + this.eps);
    }
  }
}
