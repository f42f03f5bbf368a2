package io.github.vecprop.nn;

/** Shared checks for layers: batch sizes and input lengths. */
final class Buffers {
  private Buffers() {}

  static void checkForward(String layer, float[] x, int batch, int width) {
    if (batch <= 0) {
      throw new IllegalArgumentException(layer + ": batch must be positive, got " + batch);
    }
    if (x == null) {
      throw new IllegalArgumentException(layer + ": x is null");
    }
    if ((long) batch * width > x.length) {
      throw new IllegalArgumentException(layer + ": x needs " + batch + "×" + width + " = "
          + (long) batch * width + " elements but has " + x.length);
    }
  }

  static void checkBackward(String layer, int batch, float[] dout, int width) {
    if (batch <= 0) {
      throw new IllegalStateException(layer + ": backward called before forward");
    }
    if (dout == null || (long) batch * width > dout.length) {
      throw new IllegalArgumentException(layer + ": dout needs " + batch + "×" + width
          + " elements but has " + (dout == null ? "null" : dout.length));
    }
  }
}
