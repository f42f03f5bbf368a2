package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.GemmParams.KC;
import static io.github.vecprop.kernel.GemmParams.MC;
import static io.github.vecprop.kernel.GemmParams.MR;

/**
 * The work that gets HotSpot to compile one implementation's kernels, family by family, and the
 * probes that tell whether it has.
 *
 * <p>Why: until C2 has compiled a Vector API method it runs in the interpreter or in C1 code,
 * where every vector operation is a real object (one cold 5 000-row forward of the seed's network
 * took 1.9 s). HotSpot compiles a method after enough <em>calls</em> and loop trips, not after
 * enough work, so the cheapest way there is many calls on tiny inputs: K = 2, so a register tile
 * runs two steps. Every GEMM path is taken (A read in place by rows and by columns, ragged rows
 * packed, 3-vector and 1-vector panels, few rows, the Aᵀ edge columns, several K and M blocks,
 * accumulate on and off, a convolution's strided-A product and dot partials), so the code
 * C2 compiles has seen every branch real shapes take and is not thrown away at the first real
 * call. Element-wise lengths vary so whole vectors and scalar
 * tails both run.
 *
 * <p>A warm-up touches only its own arrays and never the GEMM thread pool, so it may run on a
 * background thread beside real work ({@link KernelTiers} does).
 */
final class KernelWarmup {

  /** One kernel family: the set that switches from the twin to the Vector API together. */
  enum Family {
    GEMM, CONV, ELEMENTWISE, ACTIVATIONS, FEATURES, SOFTMAX, REDUCTIONS, OPTIMIZERS;

    final String id = name().toLowerCase(java.util.Locale.ROOT);
  }

  private final int lanes;
  private final int rows;
  private final int cols;
  private final int ragRows;
  private final int ragCols;
  private final int narrowCols;
  private final int deepK;
  private final int tallRows;
  private final float[] a;
  private final float[] b;
  private final float[] c;
  private final float[] v = fill(new float[1024], 9);
  private final float[] w = new float[1024];
  private final float[] m1 = new float[1024];
  private final float[] m2 = new float[1024];
  private final byte[] px = new byte[1024];
  private final int[] labels = new int[64];
  private final int[] argmax = new int[2 * 4 * 9 * 9];
  private final int[] routes = new int[argmax.length];
  /** A product whose last two columns are dot products at any width: n = 3·16 + 2, k = 16 + 1. */
  private static final int EDGE_N = 50;
  private static final int EDGE_K = 17;
  /** Pooling windows over 18 × 18 planes (3 × 324 floats fit {@link #v}). */
  private static final Window POOL_S2 = new Window(1, 18, 18, 2, 2, 2, 0);
  private static final Window POOL_S1 = new Window(1, 18, 18, 2, 2, 1, 0);

  /** Shapes for an implementation with {@code lanes} float lanes (16 for the twin's own). */
  KernelWarmup(int lanes) {
    this.lanes = lanes;
    rows = 3 * MR;
    cols = (GemmParams.NR_VECTORS + 1) * lanes; // one 3-vector panel and one 1-vector panel
    ragRows = 2 * MR + MR / 2;
    ragCols = GemmParams.NR_VECTORS * lanes + 2; // like N = 50: 3 vectors and 2 columns
    narrowCols = lanes / 2 + 2; // like N = 10: part of one vector
    deepK = KC + 2; // two K blocks
    tallRows = MC + MR; // two M blocks
    a = fill(new float[tallRows * deepK], 7);
    b = fill(new float[deepK * cols], 5);
    c = new float[tallRows * cols];
  }

  /**
   * Round {@code r} of the warm-up of one family on {@code k}. The rare paths cost real work, so
   * they come every 256 rounds, once C1 has compiled the kernels: a branch C2 is to keep must only
   * have been taken at least once.
   */
  void round(KernelSupport k, Family f, int r) {
    boolean rare = (r & 255) == 255;
    // Rare rounds are all odd: their accumulate flag comes from a higher bit, so deep K and
    // tall M run both with and without accumulate (K blocks past the first then load C alone).
    boolean acc = rare ? (r & 512) != 0 : (r & 1) == 1;
    int n = 100 + (r & 15);
    switch (f) {
      case GEMM -> {
        if (rare) {
          // The first use of a scratch array grows it; taken only while interpreted, that branch
          // would be missing from C2's profile and trap (recompiling the GEMM driver) at the
          // first real call of a new size. Dropping the warm-up thread's arrays now and then
          // keeps it in the profile.
          Scratch.get().release();
        }
        if ((r & 15) == 15) {
          // Later K blocks of a product that does not accumulate (the seed's K = 784 is four):
          // often enough to be in C2's profile, small enough to cost little while boxed.
          k.gemm(MR, lanes, deepK, a, 0, b, 0, c, 0, false);
        }
        int kk = rare && (r & 256) == 0 ? deepK : 2;
        int m = rare && (r & 256) != 0 ? tallRows : rows;
        k.gemm(m, cols, kk, a, 0, b, 0, c, 0, acc);
        k.gemm(ragRows, ragCols, kk, a, 0, b, 0, c, 0, acc);
        k.gemm(1 + (r & 3), (r & 2) == 0 ? ragCols : cols, 32, a, 0, b, 0, c, 0, acc); // few rows
        k.gemmTransA(m, cols, kk, a, 0, b, 0, c, 0, acc);
        k.gemmTransA(ragRows, ragCols, kk, a, 0, b, 0, c, 0, acc);
        k.gemmTransA(5 * lanes + 3, lanes + 3, 2, a, 0, b, 0, c, 0, acc);
        k.gemmTransB(rows, cols, kk, a, 0, b, 0, c, 0, acc);
        k.gemmTransB(ragRows, ragCols, kk, a, 0, b, 0, c, 0, acc);
        // The edge columns as dot products (A·B and A·Bᵀ with n mod 16 in 1..4 and k ≥ 16): the
        // seed's N = 50, K past one block of 16, rows in pairs and one left over. Shaped by the
        // 16 partials, not the lane count: with 8 lanes no other round takes this path, and the
        // first real batch then ran it boxed (+110 ms on a 10 000-row predictBatch, AVX2).
        k.gemm(MR + 1, EDGE_N, EDGE_K, a, 0, b, 0, c, 0, acc);
        k.gemmTransB(MR + 1, EDGE_N, EDGE_K, a, 0, b, 0, c, 0, acc);
        // One panel narrower than a vector (the seed's output layer, N = 10): the ragged tile.
        k.gemm(m, narrowCols, kk, a, 0, b, 0, c, 0, acc);
        k.gemm(ragRows, narrowCols, kk, a, 0, b, 0, c, 0, acc);
        k.gemmTransA(m, narrowCols, kk, a, 0, b, 0, c, 0, acc);
        k.gemmTransB(m, narrowCols, kk, a, 0, b, 0, c, 0, acc);
      }
      case CONV -> {
        // A convolution's forward: 6-row tiles and single rows, vector pairs and a single
        // vector (48 columns at 512 bits).
        k.gemmStridedA(7, 48, 2, a, 0, 3, b, 0, c, 0, acc); // (no K blocks: K = 2 always)
        // Its weight gradient's dot products: 5 × 4 tiles, leftover rows, one or two leftover
        // columns (5 × 2 tiles), a tail.
        k.dotPartials(6, (r & 2) == 0 ? 5 : 6, 35, a, 0, 35, b, 0, 35, c, 0, acc);
        // 2 × 2 pooling: stride 2 (the book's) and 1; rows near the array's end take the twin's.
        k.maxPool2x2(2, (r & 1) == 0 ? POOL_S2 : POOL_S1, v, 0, w, 0, argmax);
        // im2col rows at stride 1: rows of vectors and a last overlapping one, short rows.
        k.copyRows(4, (r & 1) == 0 ? 2 * lanes + 3 : 3, v, 0, 2 * lanes + 5, w, 0, 2 * lanes + 3);
        // The ReLU after the pooling (w holds its output), with and without a NaN vector.
        w[lanes + 1] = (r & 4) == 0 ? 0.5f : Float.NaN;
        k.reluAfterMaxPool(2 * lanes + 3, w, 0, argmax, v, 0, routes, 0);
      }
      case ELEMENTWISE -> {
        k.addRowVector(4, 50, w, 0, v, 0);
        k.relu(n, v, 0, w, 0);
        k.reluBackward(n, v, 0, v, 0, w, 0);
        k.unsignedBytesToUnit(n, px, 0, m1, 0);
        k.axpy(n, 0f, v, 0, w, 0);
        k.scale(n, 1f, m1, 0);
      }
      case ACTIVATIONS -> {
        k.sigmoid(n, v, 0, w, 0);
        k.sigmoidBackward(n, w, 0, v, 0, m1, 0);
        k.tanh(n, v, 0, w, 0);
        k.tanhBackward(n, w, 0, v, 0, m1, 0);
      }
      case FEATURES -> {
        k.multiply(n, v, 0, w, 0, m1, 0);
        k.scaleShiftRows(4, 2 * lanes + 3, v, 0, w, 0, m1, 0, m2, 0);
        k.scaleAddRows(4, 2 * lanes + 3, v, 0, w, 0, m1, 0, m2, 0);
      }
      case SOFTMAX -> {
        k.softmaxRows(10, 10, v, 0, w, 0);
        k.softmaxRows(3, 2 * lanes + 3, v, 0, w, 0);
        k.crossEntropy(10, 10, w, 0, labels, 0);
        k.softmaxLossBackwardIndex(10, 10, w, 0, labels, 0, m1, 0);
        k.softmaxLossBackwardOneHot(10, 10, w, 0, m2, 0, m1, 0);
        k.argmaxRows(10, 10, v, 0, argmax, 0);
        k.argmaxRows(3, 2 * lanes + 3, v, 0, argmax, 0);
      }
      case REDUCTIONS -> {
        k.columnSums(4, 50, v, 0, w, 0);
        k.sum(n, v, 0);
      }
      case OPTIMIZERS -> {
        k.momentumUpdate(n, 0f, 0f, v, 0, m1, 0, w, 0);
        k.nesterovUpdate(n, 0f, 0f, v, 0, m1, 0, w, 0);
        k.adaGradUpdate(n, 0f, 1e-7f, v, 0, m1, 0, w, 0);
        k.rmsPropUpdate(n, 0f, 0.99f, 1e-7f, v, 0, m1, 0, w, 0);
        k.adamUpdate(n, 0f, 0.9f, 0.999f, 1e-7f, v, 0, m1, 0, m2, 0, w, 0);
      }
      default -> throw new AssertionError(f);
    }
  }

  /**
   * A probe of one family at a size where compiled vector code must beat or match the twin
   * (a tiny warm-up round would not tell): the seed-like GEMMs, 1 000-element passes.
   */
  void probe(KernelSupport k, Family f) {
    switch (f) {
      case GEMM -> {
        k.gemm(rows, ragCols, KC / 4, a, 0, b, 0, c, 0, false);
        k.gemmTransA(rows, ragCols, KC / 4, a, 0, b, 0, c, 0, false);
        k.gemmTransB(rows, cols, KC / 4, a, 0, b, 0, c, 0, false);
        k.gemm(rows, EDGE_N, KC / 4, a, 0, b, 0, c, 0, false); // edge columns as dot products
      }
      case CONV -> {
        k.gemmStridedA(rows, 32, KC / 4, a, 0, KC / 4, b, 0, c, 0, false);
        k.dotPartials(10, 10, KC, a, 0, KC, b, 0, KC, c, 0, false);
        k.maxPool2x2(3, POOL_S2, v, 0, w, 0, argmax);
        k.copyRows(24, 24, v, 0, 28, w, 0, 24);
        k.reluAfterMaxPool(100, w, 0, argmax, v, 0, routes, 0);
      }
      case ELEMENTWISE -> {
        k.relu(1000, v, 0, w, 0);
        k.unsignedBytesToUnit(1000, px, 0, m1, 0);
        k.axpy(1000, 0f, v, 0, w, 0);
      }
      case ACTIVATIONS -> {
        k.sigmoid(1000, v, 0, w, 0);
        k.tanh(1000, v, 0, w, 0);
      }
      case FEATURES -> {
        k.multiply(1000, v, 0, w, 0, m1, 0);
        k.scaleShiftRows(10, 100, v, 0, w, 0, m1, 0, m2, 0);
      }
      case SOFTMAX -> {
        k.softmaxRows(100, 10, v, 0, w, 0);
        k.softmaxLossBackwardIndex(64, 10, w, 0, labels, 0, m1, 0);
        k.argmaxRows(20, 50, v, 0, argmax, 0);
      }
      case REDUCTIONS -> {
        k.columnSums(20, 50, v, 0, w, 0);
        k.sum(1000, v, 0);
      }
      case OPTIMIZERS -> k.adamUpdate(1000, 0f, 0.9f, 0.999f, 1e-7f, v, 0, m1, 0, m2, 0, w, 0);
      default -> throw new AssertionError(f);
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
