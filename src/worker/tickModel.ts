// How long a tick of k steps takes: an online least-squares fit of  dt = overhead + k · perStep  over
// recent ticks (older ones fade). The calibration's guess can be off by 2× on a backend whose read-back
// dominates (software WebGL), and a fixed guess then locks k at 1; the fit corrects it from live ticks.

/** Weight kept by the previous ticks at each new one (≈ the last 8 ticks count). */
const FORGET = 0.88;

export class TickModel {
  overhead = 0;
  perStep = 1;
  private n = 0;
  private sk = 0;
  private sd = 0;
  private skk = 0;
  private skd = 0;
  private ticks = 0;
  /** Largest k that ran so far since seeding: k at most doubles per tick, so one bad fit cannot plan a
   *  tick of many seconds. */
  private kSeen = 1;

  /** Start from a prior (calibration) as two synthetic ticks. */
  seed(overhead: number, perStep: number): void {
    this.n = this.sk = this.sd = this.skk = this.skd = 0;
    this.overhead = Math.max(overhead, 0);
    this.perStep = Math.max(perStep, 1e-4);
    for (const k of [4, 8]) this.add(k, this.overhead + k * this.perStep);
    this.kSeen = 1;
  }

  add(k: number, dt: number): void {
    this.n = FORGET * this.n + 1;
    this.sk = FORGET * this.sk + k;
    this.sd = FORGET * this.sd + dt;
    this.skk = FORGET * this.skk + k * k;
    this.skd = FORGET * this.skd + k * dt;
    this.ticks++;
    this.kSeen = Math.max(this.kSeen, k);
    const mk = this.sk / this.n;
    const md = this.sd / this.n;
    const varK = this.skk / this.n - mk * mk;
    const slope = varK > 1e-3 * mk * mk ? (this.skd / this.n - mk * md) / varK : NaN;
    if (slope > 0 && Number.isFinite(slope)) {
      this.perStep = Math.max(slope, 1e-4);
      this.overhead = Math.max(0, Math.min(md - slope * mk, dt));
    } else {
      // No spread in k to separate the two: keep the overhead, attribute the rest to the steps.
      this.perStep = Math.max((md - this.overhead) / mk, md / (4 * mk), 1e-4);
    }
  }

  /** The most steps that fit a tick of `tickMs`, with a small alternating dither (k, then 1.5k) so that the
   *  fit always sees two different k and can tell overhead from per-step cost. */
  stepsFor(tickMs: number, cap: number): number {
    const k = Math.max(1, Math.floor((tickMs - this.overhead) / this.perStep));
    const dithered = this.ticks % 2 ? Math.max(k + 1, Math.round(1.5 * k)) : k;
    return Math.min(dithered, 2 * this.kSeen, cap);
  }
}
