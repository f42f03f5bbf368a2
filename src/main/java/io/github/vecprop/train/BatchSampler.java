package io.github.vecprop.train;

/**
 * Draws mini-batch indices uniformly with replacement, as the seed's
 * {@code sample(train_size, batch_size)} does. SplitMix64 with its whole state in one long, so a
 * checkpoint can save it and a resumed run draws exactly the batches the uninterrupted one would.
 */
public final class BatchSampler {
  private long state;

  public BatchSampler(long seed) {
    this.state = seed;
  }

  public long state() {
    return state;
  }

  public void restore(long s) {
    this.state = s;
  }

  private long next() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Fills idx[0, count) with indices in [0, bound), without bias (Lemire's multiply-shift). */
  public void fill(int[] idx, int count, int bound) {
    for (int i = 0; i < count; i++) {
      long r = next() >>> 32;
      long m = r * bound;
      long low = m & 0xFFFFFFFFL;
      if (low < bound) {
        long threshold = (0x100000000L - bound) % bound;
        while (low < threshold) {
          r = next() >>> 32;
          m = r * bound;
          low = m & 0xFFFFFFFFL;
        }
      }
      idx[i] = (int) (m >>> 32);
    }
  }
}
