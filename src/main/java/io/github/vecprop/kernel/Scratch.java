package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.GemmParams.MR;

/**
 * Per-thread working space of the Vector API kernels: packed A and B blocks, one C tile for
 * ragged edges, and room for a few stored vectors. Grown on first need and kept, so a kernel call
 * allocates nothing once a thread has seen its largest shape.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private float[] a = new float[0];
  private float[] b = new float[0];
  private float[] cols = new float[0];
  private float[] poolValues = new float[0];
  private int[] poolWinners = new int[0];
  /** One register tile of C: MR rows × the wide panel. */
  final float[] tile = new float[MR * VectorConstants.PANEL];
  /** Room for the 32 partial sums of an ordered sum, or a few stored vectors. */
  final float[] lanes = new float[Math.max(ScalarMath.PARTIALS, 4 * VectorConstants.LANES)];
  /** Eight edge-column dot products in flight (2 rows × 4 columns): results [0, 8), partials after. */
  final float[] dots = new float[8 + 8 * ScalarGemm.DOT_PARTIALS];

  private Scratch() {}

  static Scratch get() {
    return LOCAL.get();
  }

  /** Drops the grown arrays (the warm-up's use: the next call of each size grows it again). */
  void release() {
    a = new float[0];
    b = new float[0];
    cols = new float[0];
    poolValues = new float[0];
    poolWinners = new int[0];
  }

  /** One row of pooling windows' maxima (the Vector pooling's lanes). */
  float[] poolValues(int size) {
    if (poolValues.length < size) {
      poolValues = new float[size];
    }
    return poolValues;
  }

  /** One row of pooling windows' winners. */
  int[] poolWinners(int size) {
    if (poolWinners.length < size) {
      poolWinners = new int[size];
    }
    return poolWinners;
  }

  float[] a(int size) {
    if (a.length < size) {
      a = new float[size];
    }
    return a;
  }

  /** The edge columns of B, each K-contiguous. */
  float[] cols(int size) {
    if (cols.length < size) {
      cols = new float[size];
    }
    return cols;
  }

  float[] b(int size) {
    if (b.length < size) {
      b = new float[size];
    }
    return b;
  }
}
