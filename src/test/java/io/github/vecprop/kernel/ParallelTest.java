package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Parallel#forRanges}: contiguous ranges that cover the items once, parts and threads. */
class ParallelTest {

  @AfterEach
  void oneThread() {
    Kernels.setThreads(1);
  }

  /** "part:from-to:worker|caller" for each part of one call, sorted by from. */
  private static List<String> parts(int count, int limit) {
    ConcurrentLinkedQueue<int[]> seen = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> who = new ConcurrentLinkedQueue<>();
    String caller = Thread.currentThread().getName();
    Parallel.forRanges(count, limit, (part, from, to) -> {
      seen.add(new int[] {part, from, to});
      who.add(part + "=" + (Thread.currentThread().getName().equals(caller) ? "caller" : "worker"));
    });
    List<int[]> sorted = new ArrayList<>(seen);
    sorted.sort(Comparator.comparingInt(r -> r[1]));
    List<String> out = new ArrayList<>();
    for (int[] r : sorted) {
      String w = who.stream().filter(s -> s.startsWith(r[0] + "=")).findFirst().orElseThrow();
      out.add(r[0] + ":" + r[1] + "-" + r[2] + ":" + w.substring(w.indexOf('=') + 1));
    }
    return out;
  }

  @Test
  void oneThreadRunsEverythingAsPartZeroOnTheCaller() {
    assertEquals(1, Parallel.maxParts());
    assertEquals(List.of("0:0-7:caller"), parts(7, 4));
  }

  @Test
  void twoThreadsSplitIntoTwoHalvesOnTheCallerAndAWorker() {
    Kernels.setThreads(2);
    assertEquals(2, Parallel.maxParts());
    assertEquals(List.of("0:0-50:caller", "1:50-100:worker"), parts(100, 2));
    assertEquals(List.of("0:0-3:caller", "1:3-7:worker"), parts(7, 8));
    assertEquals(List.of("0:0-7:caller"), parts(7, 1), "limit 1: no split");
    assertEquals(List.of("0:0-1:caller"), parts(1, 2), "one item: no split");
    assertEquals(List.of("0:0-0:caller"), parts(0, 2));
  }

  @Test
  void aFailureInTheWorkersPartReachesTheCaller() {
    Kernels.setThreads(2);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Parallel.forRanges(10, 2, (part, from, to) -> {
          if (part == 1) {
            throw new IllegalStateException("part 1 failed at " + from);
          }
        }));
    assertEquals("part 1 failed at 5", e.getMessage());
    assertEquals(List.of("0:0-5:caller", "1:5-10:worker"), parts(10, 2), "the pool still works");
  }

  @Test
  void badArgumentsAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Parallel.forRanges(-1, 1, (p, f, t) -> { })).getMessage().contains("-1"));
    assertThrows(IllegalArgumentException.class, () -> Parallel.forRanges(3, 0, (p, f, t) -> { }));
  }
}
