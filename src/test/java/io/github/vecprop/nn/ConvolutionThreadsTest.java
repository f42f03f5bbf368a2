package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.vecprop.kernel.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A convolution split over two threads (forward and dx by samples, dW and db by filters) gives
 * the bits of the same layer on one thread: output, dW, db and dx, for the book's geometry (no
 * edge columns, strided-A product) and for one with padding, several channels and edge columns.
 */
class ConvolutionThreadsTest {

  @AfterEach
  void oneThread() {
    Kernels.setThreads(1);
  }

  /** {C, H, W, F, KH, KW, stride, pad, batch}: each case at least Convolution.PARALLEL_MACS. */
  static final int[][] CASES = {
    {1, 28, 28, 30, 5, 5, 1, 0, 100},
    {3, 15, 13, 8, 3, 3, 1, 1, 121},
    {2, 11, 12, 7, 4, 3, 2, 2, 617},
  };

  @Test
  void twoThreadsGiveTheBitsOfOne() {
    for (int[] c : CASES) {
      int batch = c[8];
      float[][] one = run(c, batch, 1);
      float[][] two = run(c, batch, 2);
      String[] what = {"output", "dW", "db", "dx"};
      for (int a = 0; a < what.length; a++) {
        assertEquals(one[a].length, two[a].length);
        for (int i = 0; i < one[a].length; i++) {
          if (Float.floatToRawIntBits(one[a][i]) != Float.floatToRawIntBits(two[a][i])) {
            throw new AssertionError(java.util.Arrays.toString(c) + " " + what[a] + "[" + i
                + "]: 1 thread " + one[a][i] + ", 2 threads " + two[a][i]);
          }
        }
      }
    }
  }

  /** Forward and backward of a fresh layer on {@code threads} threads: y, dW, db, dx. */
  private static float[][] run(int[] c, int batch, int threads) {
    Kernels.setThreads(threads);
    Convolution l = ConvolutionLayersTest.conv(c, 0x7E_AD5L);
    float[] x = StackFixtures.uniform(batch * l.inputSize(), 0x7E_AD6L, -1, 1);
    float[] dout = StackFixtures.uniform(batch * l.outputSize(), 0x7E_AD7L, -1, 1);
    float[] y = l.forward(x, batch).clone();
    assertEquals(threads, l.parts(), "parts of " + java.util.Arrays.toString(c));
    float[] dx = l.backward(dout);
    assertNotNull(dx);
    return new float[][] {y, l.weight().grad().clone(), l.bias().grad().clone(), dx.clone()};
  }
}
