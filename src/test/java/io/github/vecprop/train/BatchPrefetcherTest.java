package io.github.vecprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.data.Dataset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The prefetching thread must hand over exactly what a gather on the caller's thread gives. */
class BatchPrefetcherTest {

  @Test
  void prefetchedBatchesEqualDirectGathers() {
    Dataset d = TrainerTest.synthetic(500, 3);
    SplittableRandom r = new SplittableRandom(4);
    int batch = 37;
    int[][] idx = {new int[batch], new int[batch]};
    float[][] x = {new float[batch * d.features()], new float[batch * d.features()]};
    int[][] labels = {new int[batch], new int[batch]};
    float[] wantX = new float[batch * d.features()];
    int[] wantLabels = new int[batch];
    try (BatchPrefetcher p = new BatchPrefetcher(d)) {
      for (int job = 0; job < 300; job++) {
        int s = job & 1;
        for (int i = 0; i < batch; i++) {
          idx[s][i] = r.nextInt(d.size());
        }
        p.submit(idx[s], batch, x[s], labels[s]);
        d.gather(idx[s], batch, wantX, wantLabels); // meanwhile, on this thread
        p.await();
        assertArrayEquals(wantX, x[s], "pixels of job " + job);
        assertArrayEquals(wantLabels, labels[s], "labels of job " + job);
      }
    }
  }

  @Test
  void aFailedGatherIsRethrownByAwaitAndTheNextJobStillRuns() {
    Dataset d = TrainerTest.synthetic(50, 5);
    float[] x = new float[2 * d.features()];
    int[] labels = new int[2];
    try (BatchPrefetcher p = new BatchPrefetcher(d)) {
      p.submit(new int[] {1, 50}, 2, x, labels);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::await);
      assertTrue(e.getMessage().contains("idx[1]"), e.getMessage());
      p.submit(new int[] {3, 4}, 2, x, labels);
      p.await();
      float[] want = new float[2 * d.features()];
      d.gather(new int[] {3, 4}, 2, want, null);
      assertArrayEquals(want, x);
    }
  }

  @Test
  void aSecondSubmitBeforeAwaitIsRefused() {
    Dataset d = TrainerTest.synthetic(50, 6);
    float[] x = new float[d.features()];
    try (BatchPrefetcher p = new BatchPrefetcher(d)) {
      int[] one = {0};
      p.submit(one, 1, x, new int[1]);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> p.submit(one, 1, x, new int[1]));
      assertTrue(e.getMessage().contains("awaited"), e.getMessage());
      p.await();
    }
  }
}
