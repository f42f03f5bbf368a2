package io.github.vecprop.kernel;

/**
 * Work split over the threads {@link Kernels#setThreads} allows, for layers whose items (the
 * samples of a batch, the filters of a convolution) are independent: each part gets one
 * contiguous range of items, so the result of an item never depends on the split, and a layer
 * that computes each item by itself gives the same bits on one thread or many.
 *
 * <p>The parts run on the GEMM workers ("vecprop-gemm-i") and the caller's thread, which takes
 * part 0. One parallel job runs at a time in the JVM: a call made while another thread's job (or a
 * parallel GEMM) runs, and every call when the thread count is 1, runs all items as part 0 on the
 * caller's thread. A GEMM called inside a part runs on that part's thread. Nothing is allocated
 * per call when {@code task} is a field rather than a fresh lambda.
 */
public final class Parallel {
  private Parallel() {}

  /** The work of one part: items [from, to), with its part number for per-part scratch. */
  @FunctionalInterface
  public interface Parts {
    /**
     * Does items [from, to).
     *
     * @param part the part number, from 0 to {@link #maxParts()} − 1
     * @param from first item
     * @param to one past the last item
     */
    void run(int part, int from, int to);
  }

  /**
   * The largest number of parts a call may use: {@link Kernels#threads()}.
   *
   * @return at least 1
   */
  public static int maxParts() {
    return GemmThreads.threads();
  }

  /**
   * Runs {@code task} over items [0, count), split into at most {@code limit} (and at most
   * {@link #maxParts()}) contiguous ranges of nearly equal size, and returns when all are done.
   * An exception in any part is thrown here once every part has ended.
   *
   * @param count the number of items (0 runs part 0 over nothing)
   * @param limit the most parts the caller has scratch for (at least 1); part numbers stay below
   * @param task the work
   * @throws IllegalArgumentException if count is negative or limit less than 1
   */
  public static void forRanges(int count, int limit, Parts task) {
    if (count < 0 || limit < 1) {
      throw new IllegalArgumentException("count and limit: need count >= 0 and limit >= 1, got "
          + count + " and " + limit);
    }
    GemmThreads.runParts(count, limit, task);
  }
}
