package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The row split behind {@link Kernels#setThreads}, on {@link GemmThreads} directly: which products
 * are split, into which blocks, on which threads, and how a failure in a worker's block reaches
 * the caller. ParallelGemmTest checks that the split products are right; this checks the split.
 */
class GemmThreadsTest {

  @AfterEach
  void oneThread() {
    Kernels.setThreads(1);
  }

  /** The blocks one run hands out, sorted by first row, each with the thread that did it. */
  private static List<String> blocks(int m) {
    ConcurrentLinkedQueue<int[]> ranges = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
    GemmThreads.run(m, (from, to) -> {
      ranges.add(new int[] {from, to});
      names.add(from + ":" + Thread.currentThread().getName());
    });
    List<int[]> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingInt(r -> r[0]));
    List<String> out = new ArrayList<>();
    String caller = Thread.currentThread().getName();
    for (int[] r : sorted) {
      String who = names.stream().filter(s -> s.startsWith(r[0] + ":")).findFirst().orElseThrow()
          .substring(String.valueOf(r[0]).length() + 1);
      out.add(r[0] + "-" + r[1] + (who.equals(caller) ? " caller" : " " + who));
    }
    return out;
  }

  @Test
  void onlyProductsOfAtLeastTwoToThe24MultiplyAddsAnd256RowsPerThreadAreSplit() {
    long at = 1L << 24;
    assertFalse(GemmThreads.worthIt(at, 1 << 20), "one thread: nothing is split");
    assertFalse(GemmThreads.worthIt(Long.MAX_VALUE, Integer.MAX_VALUE));
    Kernels.setThreads(2);
    assertTrue(GemmThreads.worthIt(at, 512));
    assertFalse(GemmThreads.worthIt(at - 1, 512));
    assertFalse(GemmThreads.worthIt(at, 511), "fewer than 256 rows per thread");
    assertFalse(GemmThreads.worthIt(100L * 4320 * 100, 100), "SimpleConvNet's 4320→100 forward");
    Kernels.setThreads(3);
    assertFalse(GemmThreads.worthIt(at, 767), "256 rows for each of 3 threads");
    assertTrue(GemmThreads.worthIt(at, 768));
    Kernels.setThreads(1);
    assertFalse(GemmThreads.worthIt(at, 1 << 20), "back to one thread");
    assertEquals(1, GemmThreads.threads());
  }

  @Test
  void rowsSplitIntoWholeRegisterTilesOneBlockPerThread() {
    assertEquals(List.of("0-43 caller"), blocks(43), "no pool: all rows on the caller");
    Kernels.setThreads(3);
    assertEquals(3, Kernels.threads());
    // 43 rows = 6 tiles of 8 (the last ragged): thread i takes tiles [2i, 2i + 2).
    assertEquals(List.of("0-16 caller", "16-32 vecprop-gemm-1", "32-43 vecprop-gemm-2"),
        blocks(43));
    // 9 rows = 2 tiles: two threads are enough, the third stays idle.
    assertEquals(List.of("0-8 caller", "8-9 vecprop-gemm-1"), blocks(9));
    // One tile (or none) is not split.
    assertEquals(List.of("0-8 caller"), blocks(8));
    assertEquals(List.of("0-0 caller"), blocks(0));
    // 7 tiles over 3 threads: ⌊7i/3⌋ tiles → 0, 2, 4, 7.
    assertEquals(List.of("0-16 caller", "16-32 vecprop-gemm-1", "32-56 vecprop-gemm-2"),
        blocks(56));
    // Again on the same pool: the workers serve one job after another.
    assertEquals(List.of("0-16 caller", "16-32 vecprop-gemm-1", "32-43 vecprop-gemm-2"),
        blocks(43));
  }

  @Test
  void aCallerThatFindsThePoolBusyRunsAlone() throws Exception {
    Kernels.setThreads(2);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<?> holder = ex.submit(() -> GemmThreads.run(16, (from, to) -> {
        if (from == 0) {
          inside.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }));
      assertTrue(inside.await(10, TimeUnit.SECONDS), "the first job started");
      assertEquals(List.of("0-16 caller"), blocks(16), "the pool is busy: rows on the caller");
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
      assertEquals(List.of("0-8 caller", "8-16 vecprop-gemm-1"), blocks(16), "free again");
    } finally {
      release.countDown();
      ex.shutdownNow();
    }
  }

  @Test
  void aFailureInAWorkersBlockReachesTheCaller() {
    Kernels.setThreads(2);
    IllegalStateException runtime = new IllegalStateException("in the worker");
    assertSame(runtime, assertThrows(IllegalStateException.class,
        () -> GemmThreads.run(16, (from, to) -> {
          if (from > 0) {
            throw runtime;
          }
        })));
    AssertionError error = new AssertionError("an error in the worker");
    assertSame(error, assertThrows(AssertionError.class, () -> GemmThreads.run(16, (from, to) -> {
      if (from > 0) {
        throw error;
      }
    })));
    Exception checked = new Exception("checked, thrown sneakily");
    IllegalStateException wrapped = assertThrows(IllegalStateException.class,
        () -> GemmThreads.run(16, (from, to) -> {
          if (from > 0) {
            GemmThreadsTest.<RuntimeException>sneaky(checked);
          }
        }));
    assertSame(checked, wrapped.getCause());
    // The pool is fine afterwards, and a failure is not reported twice.
    assertEquals(List.of("0-8 caller", "8-16 vecprop-gemm-1"), blocks(16));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void threadsBelowOneAreRejectedAndTheCountIsKept() {
    Kernels.setThreads(2);
    assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
    assertEquals(2, Kernels.threads());
    assertTrue(GemmThreads.worthIt(1L << 24, 512), "the pool survived the rejected call");
    Kernels.setThreads(2); // the same count again keeps the pool
    assertEquals(List.of("0-8 caller", "8-16 vecprop-gemm-1"), blocks(16));
  }
}
