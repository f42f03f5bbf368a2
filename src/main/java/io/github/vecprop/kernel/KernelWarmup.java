package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.GemmParams.KC;
import static io.github.vecprop.kernel.GemmParams.MC;
import static io.github.vecprop.kernel.GemmParams.MR;

/**
 * Gets HotSpot to compile the kernels before real work reaches them.
 *
 * <p>Why: until C2 has compiled a Vector API method it runs in the interpreter or in C1 code,
 * where every vector operation is a real object — one cold 5 000-row forward of the seed's
 * network took 1.9 s. HotSpot compiles a method after enough <em>calls</em> (and loop trips), not
 * after enough work, so the cheapest way to get there is many calls on tiny inputs: K = 2, so a
 * register tile runs two steps. Every GEMM path is taken (A read in place by rows and by columns,
 * ragged rows packed, 3-vector and 1-vector panels, edge columns, several K and M blocks,
 * accumulate on and off), so the code C2 compiles has seen every branch real shapes take and is
 * not thrown away at the first real call.
 *
 * <p>It touches only its own arrays and never a thread-pool path, so it may run on a background
 * thread while the caller does other work (the CLI loads the data meanwhile).
 */
final class KernelWarmup {

  /**
   * Rounds of the loop below. HotSpot's tier-4 thresholds are 5 000 calls, or 15 000 calls plus
   * loop trips; the kernels run 1–3 times a round.
   */
  static final int ROUNDS = 2000;

  private KernelWarmup() {}

  static void run(int rounds) {
    // The Vector API's lane count; shapes for the plain-Java twin just need to be small.
    int lanes = Kernels.simd() ? Kernels.floatLanes() : 16;
    int rows = 3 * MR;
    int cols = (GemmParams.NR_VECTORS + 1) * lanes; // one 3-vector panel and one 1-vector panel
    int ragRows = 2 * MR + MR / 2;
    int ragCols = GemmParams.NR_VECTORS * lanes + 2; // like N = 50: 3 vectors and 2 columns
    int deepK = KC + 2; // two K blocks
    int tallRows = MC + MR; // two M blocks
    float[] a = fill(new float[tallRows * deepK], 7);
    float[] b = fill(new float[deepK * cols], 5);
    float[] c = new float[tallRows * cols];
    float[] v = fill(new float[1024], 9);
    float[] w = new float[1024];
    float[] m1 = new float[1024];
    float[] m2 = new float[1024];
    byte[] px = new byte[1024];
    int[] labels = new int[64];
    int[] argmax = new int[64];
    for (int r = 0; r < rounds; r++) {
      boolean acc = (r & 1) == 1;
      // The rare paths cost real work, so they wait until C1 has compiled the kernels (a few
      // hundred calls) and then come every 256 rounds: a branch C2 is to keep must only have
      // been taken at least once.
      boolean rare = (r & 255) == 255;
      int k = rare && (r & 256) == 0 ? deepK : 2;
      int m = rare && (r & 256) != 0 ? tallRows : rows;
      Kernels.gemm(m, cols, k, a, 0, b, 0, c, 0, acc);
      Kernels.gemm(ragRows, ragCols, k, a, 0, b, 0, c, 0, acc);
      Kernels.gemmTransA(m, cols, k, a, 0, b, 0, c, 0, acc);
      Kernels.gemmTransA(ragRows, ragCols, k, a, 0, b, 0, c, 0, acc);
      Kernels.gemmTransB(rows, cols, k, a, 0, b, 0, c, 0, acc);
      Kernels.gemmTransB(ragRows, ragCols, k, a, 0, b, 0, c, 0, acc);
      // The edge-column path (K of at least a vector, 2–3 columns past one vector): dot products
      // for row-major A, vectors down M (4 vectors, 1 vector, single rows) for Aᵀ.
      Kernels.gemm(ragRows, lanes + 3, lanes, a, 0, b, 0, c, 0, acc);
      Kernels.gemmTransA(5 * lanes + 3, lanes + 3, lanes, a, 0, b, 0, c, 0, acc);
      int n = 100 + (r & 15); // element-wise kernels: full vectors and a masked tail
      Kernels.addRowVector(4, 50, w, 0, v, 0);
      Kernels.columnSums(4, 50, v, 0, w, 0);
      Kernels.relu(n, v, 0, w, 0);
      Kernels.reluBackward(n, v, 0, v, 0, w, 0);
      Kernels.sigmoid(n, v, 0, w, 0);
      Kernels.sigmoidBackward(n, w, 0, v, 0, m1, 0);
      Kernels.softmaxRows(10, 10, v, 0, w, 0);
      Kernels.crossEntropy(10, 10, w, 0, labels, 0);
      Kernels.softmaxLossBackward(10, 10, w, 0, labels, 0, m1, 0);
      Kernels.argmaxRows(10, 10, v, 0, argmax, 0);
      Kernels.unsignedBytesToUnit(n, px, 0, m1, 0);
      Kernels.sgdUpdate(n, 0f, v, 0, w, 0);
      Kernels.momentumUpdate(n, 0f, 0f, v, 0, m1, 0, w, 0);
      Kernels.adamUpdate(n, 0f, 0.9f, 0.999f, 1e-7f, v, 0, m1, 0, m2, 0, w, 0);
    }
  }

  /** Small values, so no sum overflows whatever the rounds. */
  private static float[] fill(float[] x, int period) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % period) * 0.01f - 0.02f;
    }
    return x;
  }
}
