package io.github.vecprop.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Row-parallel GEMM over a small set of daemon workers that live for the JVM. The caller's thread
 * takes the first block of rows and each worker one more; every thread packs its own B panels into
 * its own scratch, so the blocks share nothing but the read-only inputs.
 *
 * <p>A call allocates nothing: the job is handed over in fields, workers are woken with
 * {@link LockSupport#unpark} and spin briefly before parking again, so back-to-back GEMMs of a
 * training step do not pay a park/unpark each. One parallel job runs at a time; a caller that finds
 * the pool busy (another thread is in a parallel GEMM) runs its product on its own thread.
 */
final class GemmThreads {

  /** The work one thread does on rows [from, to) of a GEMM: a job whose part number is unused. */
  interface RowTask extends Parallel.Parts {
    void rows(int from, int to);

    @Override
    default void run(int part, int from, int to) {
      rows(from, to);
    }
  }

  /**
   * How long an idle worker spins before it parks. Bounded by time, not by a count: a count of
   * 20 000 bare onSpinWait() loads kept a worker busy long enough to make the caller's memory-bound
   * work between parallel GEMMs 4–5× slower on a 2-vCPU Zen 5 VM (evaluation's byte-to-float
   * conversion: 3.5 ms → 20 ms per pass over 70 000 images).
   */
  private static final long SPIN_NANOS = 20_000;

  private static volatile GemmThreads pool;
  private static int requested = 1;

  private final Thread[] workers;
  private final AtomicInteger remaining = new AtomicInteger();
  private final java.util.concurrent.locks.ReentrantLock busy =
      new java.util.concurrent.locks.ReentrantLock();
  private volatile int generation;
  private volatile boolean working;
  private Parallel.Parts task;
  /** The block size of the current job: MR for a GEMM's rows, 1 for {@link #runParts}. */
  private int unit;
  private int rows;
  private int parts;
  private volatile Throwable failure;
  /** Set by {@link #shutdown}: the workers end instead of parking again. */
  private volatile boolean stopped;

  private GemmThreads(int threads) {
    workers = new Thread[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      final int part = w + 1;
      Thread t = new Thread(() -> loop(part), "vecprop-gemm-" + part);
      t.setDaemon(true);
      workers[w] = t;
      t.start();
    }
  }

  /** Sets the number of threads large GEMMs may use (1 = the caller's thread only). */
  static synchronized void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: must be at least 1, got " + threads);
    }
    if (threads == requested) {
      return;
    }
    requested = threads;
    GemmThreads old = pool;
    pool = threads > 1 ? new GemmThreads(threads) : null;
    if (old != null) {
      old.shutdown();
    }
  }

  static synchronized int threads() {
    return requested;
  }

  /**
   * Runs {@code task} over rows [0, m) split into blocks that are multiples of MR, in
   * parallel when a pool is set and free; otherwise on the caller's thread. Returns when all rows
   * are done.
   */
  static void run(int m, RowTask task) {
    GemmThreads p = pool;
    if (p == null || !p.busy.tryLock()) {
      task.rows(0, m);
      return;
    }
    try {
      p.execute(m, GemmParams.MR, task, Integer.MAX_VALUE);
    } finally {
      p.busy.unlock();
    }
  }

  /**
   * Runs {@code task} over items [0, count) split into at most {@code limit} and at most
   * {@link #threads()} contiguous ranges, part 0 on the caller's thread, when a pool is set and
   * free; otherwise as part 0 over all items on the caller's thread. Returns when every part is
   * done.
   */
  static void runParts(int count, int limit, Parallel.Parts task) {
    GemmThreads p = pool;
    if (p == null || count < 2 || limit < 2 || !p.busy.tryLock()) {
      task.run(0, 0, count);
      return;
    }
    try {
      p.execute(count, 1, task, limit);
    } finally {
      p.busy.unlock();
    }
  }

  /**
   * True when a product of this many multiply-adds over m rows of A should be split over the
   * pool: at least {@link GemmParams#PARALLEL_MACS} and {@link GemmParams#PARALLEL_ROWS_PER_THREAD}
   * rows for each thread.
   */
  static boolean worthIt(long macs, int m) {
    GemmThreads p = pool;
    return p != null && macs >= GemmParams.PARALLEL_MACS
        && m >= (long) GemmParams.PARALLEL_ROWS_PER_THREAD * (p.workers.length + 1);
  }

  private void execute(int m, int u, Parallel.Parts t, int limit) {
    int n = Math.min(workers.length + 1, limit);
    int blocks = (m + u - 1) / u;
    int use = Math.min(n, blocks);
    if (use <= 1) {
      t.run(0, 0, m);
      return;
    }
    task = t;
    unit = u;
    rows = m;
    parts = use;
    failure = null;
    remaining.set(use - 1);
    working = true;
    generation++;
    for (int w = 0; w < use - 1; w++) {
      LockSupport.unpark(workers[w]);
    }
    try {
      t.run(0, 0, bound(1, m, use, u));
    } finally {
      while (remaining.get() > 0) {
        Thread.onSpinWait();
      }
      working = false;
      task = null;
    }
    Throwable f = failure;
    if (f != null) {
      if (f instanceof RuntimeException e) {
        throw e;
      }
      if (f instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(f);
    }
  }

  /** First row of block {@code part} of {@code parts}; blocks are whole multiples of u. */
  private static int bound(int part, int m, int parts, int u) {
    int blocks = (m + u - 1) / u;
    return Math.min(m, (int) ((long) blocks * part / parts) * u);
  }

  private void loop(int part) {
    int seen = 0;
    while (true) {
      long parkAt = System.nanoTime() + SPIN_NANOS;
      while (generation == seen) {
        if (stopped) {
          return;
        }
        if (System.nanoTime() < parkAt) {
          Thread.onSpinWait();
        } else {
          // A flag, not the interrupt status: park() returns on an interrupt, and a worker that
          // cleared it (Thread.interrupted) parked again for good, one leaked thread per
          // setThreads cycle.
          LockSupport.park(this);
        }
      }
      seen = generation;
      if (!working || part >= parts) {
        continue;
      }
      Parallel.Parts t = task;
      try {
        int from = bound(part, rows, parts, unit);
        int to = bound(part + 1, rows, parts, unit);
        if (from < to) {
          t.run(part, from, to);
        }
      } catch (Throwable e) {
        failure = e;
      } finally {
        remaining.decrementAndGet();
      }
    }
  }

  /** Ends the workers once any parallel GEMM in progress on this pool has finished. */
  private void shutdown() {
    busy.lock();
    try {
      stopped = true;
      for (Thread t : workers) {
        LockSupport.unpark(t);
      }
    } finally {
      busy.unlock();
    }
  }
}
