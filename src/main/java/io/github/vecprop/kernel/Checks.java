package io.github.vecprop.kernel;

/**
 * The argument checks of {@link Kernels}, moved out of it unchanged: each throws
 * {@link IllegalArgumentException} whose message starts with the name of the operand at fault
 * ("A", "x", "labels[3]", "n", "shape", …) and says what was expected.
 */
final class Checks {

  private Checks() {}

  static void dims(int m, int n, int k) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "shape: dimensions must be non-negative, got m=" + m + " n=" + n + " k=" + k);
    }
  }

  static void count(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n: must be non-negative, got " + n);
    }
  }

  static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + ": must be positive, got " + v);
    }
  }

  static void range(String name, float[] x, int off, long len) {
    if (x == null) {
      throw new IllegalArgumentException(name + ": is null");
    }
    rangeLen(name, x.length, off, len);
  }

  static void rangeLen(String name, int length, int off, long len) {
    if (off < 0 || off + len > length) {
      throw new IllegalArgumentException(name + ": needs " + len + " elements from offset " + off
          + " but the array has " + length);
    }
  }

  static void distinct(String outName, Object out, String inName, Object in) {
    if (out == in) {
      throw new IllegalArgumentException(outName + ": must not be the same array as " + inName);
    }
  }

  static void checkGemm(int m, int n, int k, float[] a, int aOff, long aLen, float[] b,
      int bOff, long bLen, float[] c, int cOff) {
    dims(m, n, k);
    range("A", a, aOff, aLen);
    range("B", b, bOff, bLen);
    range("C", c, cOff, m * (long) n);
    distinct("C", c, "A", a);
    distinct("C", c, "B", b);
  }

  static void checkLabels(int m, int n, float[] y, int yOff, int[] labels, int off) {
    dims(m, n, 1);
    positive("m", m);
    range("y", y, yOff, m * (long) n);
    if (labels == null) {
      throw new IllegalArgumentException("labels: is null");
    }
    rangeLen("labels", labels.length, off, m);
    for (int i = 0; i < m; i++) {
      int t = labels[off + i];
      if (t < 0 || t >= n) {
        throw new IllegalArgumentException(
            "labels[" + (off + i) + "]: expected a class in [0, " + n + "), got " + t);
      }
    }
  }

  static void state3(int n, float[] g, int gOff, float[] s, int sOff, String sName,
      float[] p, int pOff) {
    count(n);
    range("g", g, gOff, n);
    range(sName, s, sOff, n);
    range("p", p, pOff, n);
    distinct(sName, s, "g", g);
    distinct("p", p, "g", g);
    distinct("p", p, sName, s);
  }
}
