package io.github.vecprop.train;

/**
 * Draws mini-batch indices uniformly with replacement, as the seed's
 * {@code sample(train_size, batch_size)} does. SplitMix64 with its whole state in one long, so a
 * checkpoint can save it and a resumed run draws exactly the batches the uninterrupted one would.
 * Not thread-safe: one thread draws from a sampler.
 */
public final class BatchSampler {
  private long state;

  /**
   * A sampler whose state starts at the seed.
   *
   * @param seed the initial state; the same seed draws the same indices on every JVM
   */
  public BatchSampler(long seed) {
    this.state = seed;
  }

  /**
   * The whole generator state, for a checkpoint.
   *
   * @return the state; {@link #restore(long)} with it continues the same sequence
   */
  public long state() {
    return state;
  }

  /**
   * Sets the generator state, to resume a run.
   *
   * @param s a value from {@link #state()}
   */
  public void restore(long s) {
    this.state = s;
  }

  private long next() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Fills idx[0, count) with indices drawn uniformly in [0, bound), with replacement, without
   * bias (Lemire's multiply-shift with rejection).
   *
   * @param idx written: {@code idx[0, count)}
   * @param count indices to draw, at most idx.length
   * @param bound the number of rows to draw from, positive (not checked)
   * @throws ArrayIndexOutOfBoundsException when idx is shorter than count
   */
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
