package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM element has the bits of the operation order the javadoc fixes, recomputed here from
 * that text alone: one {@code Math.fma} chain along k in increasing k from +0 or the old C; and
 * for the edge columns of a row-major product (A·B, A·Bᵀ: the last n mod 16 columns when that is
 * 1 to 4, n is above 16 and k at least 16) 16 partial chains, partial l over the p ≡ l (mod 16)
 * below the last whole block of 16, added left to right, the remaining p chained on, then added
 * to C when accumulating. The differential test compares the two implementations with each
 * other, which cannot see a change both share (which columns are edge columns, say); this pins
 * both to the documented order. The shapes straddle the edge-column rule and include products
 * whose packed B does not stay resident (k·n above 2¹⁶ floats: several K and N blocks) and
 * several blocks of rows, and Aᵀ's edge columns down a tall M.
 */
class GemmOrderTest {

  private static final String[] FORMS = {"gemm", "gemmTransA", "gemmTransB"};

  /** The documented number of edge columns of a row-major product. */
  private static int edgeColumns(int n, int k) {
    int r = n % 16;
    return n > 16 && k >= 16 && r >= 1 && r <= 4 ? r : 0;
  }

  /** A(i, p): A is m×k, or stored k×m for Aᵀ. */
  private static float a(int form, int m, int k, float[] a, int i, int p) {
    return form == 1 ? a[p * m + i] : a[i * k + p];
  }

  /** B(p, j): B is k×n, or stored n×k for Bᵀ. */
  private static float b(int form, int n, int k, float[] b, int p, int j) {
    return form == 2 ? b[j * k + p] : b[p * n + j];
  }

  /** C(i, j) in the documented order. */
  static float element(int form, int m, int n, int k, float[] a, float[] b, float old,
      boolean accumulate, int i, int j) {
    boolean edge = form != 1 && j >= n - edgeColumns(n, k);
    if (!edge) {
      float s = accumulate ? old : 0f;
      for (int p = 0; p < k; p++) {
        s = Math.fma(a(form, m, k, a, i, p), b(form, n, k, b, p, j), s);
      }
      return s;
    }
    int whole = k / 16 * 16;
    float[] partial = new float[16];
    for (int p = 0; p < whole; p++) {
      partial[p % 16] = Math.fma(a(form, m, k, a, i, p), b(form, n, k, b, p, j), partial[p % 16]);
    }
    float t = partial[0];
    for (int l = 1; l < 16; l++) {
      t += partial[l];
    }
    for (int p = whole; p < k; p++) {
      t = Math.fma(a(form, m, k, a, i, p), b(form, n, k, b, p, j), t);
    }
    return accumulate ? old + t : t;
  }

  private static void run(KernelSupport impl, int form, int m, int n, int k, float[] a, float[] b,
      float[] c, boolean acc) {
    switch (form) {
      case 0 -> impl.gemm(m, n, k, a, 0, b, 0, c, 0, acc);
      case 1 -> impl.gemmTransA(m, n, k, a, 0, b, 0, c, 0, acc);
      default -> impl.gemmTransB(m, n, k, a, 0, b, 0, c, 0, acc);
    }
  }

  private static int check(List<KernelSupport> impls, int m, int n, int k) {
    SplittableRandom r = new SplittableRandom(31L * m + 17L * n + k);
    float[] a = Reference.random(r, m * k, -1f, 1f);
    float[] b = Reference.random(r, k * n, -1f, 1f);
    float[] c0 = Reference.random(r, m * n, -1f, 1f);
    int checked = 0;
    for (int form = 0; form < 3; form++) {
      for (boolean acc : new boolean[] {false, true}) {
        float[] want = new float[m * n];
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            want[i * n + j] = element(form, m, n, k, a, b, c0[i * n + j], acc, i, j);
          }
        }
        for (KernelSupport impl : impls) {
          float[] c = c0.clone();
          run(impl, form, m, n, k, a, b, c, acc);
          Bits.same(want, c, impl.name() + " " + FORMS[form] + (acc ? " (accumulate)" : "")
              + " m=" + m + " n=" + n + " k=" + k);
          checked++;
        }
      }
    }
    return checked;
  }

  @Test
  void aroundTheEdgeColumnRule() {
    List<KernelSupport> impls = GemmDifferentialTest.impls();
    int checked = 0;
    // n: 16 (none: not above 16), 17/18/20 (1, 2, 4 edge columns), 21 (5: too many), 32, 36,
    // 50 (the seed's 2), 52, 53; k: 15 (below 16: none), 16, 17, 40.
    for (int n : new int[] {16, 17, 18, 20, 21, 32, 36, 50, 52, 53}) {
      for (int k : new int[] {15, 16, 17, 40}) {
        for (int m : new int[] {1, 5, 8, 9, 17}) {
          checked += check(impls, m, n, k);
        }
      }
    }
    assertTrue(checked >= 200 * 6, "checked " + checked);
  }

  @Test
  void productsWhosePackedBDoesNotStayResident() {
    List<KernelSupport> impls = GemmDifferentialTest.impls();
    // k·n above 2^16: B is packed per K block; 2 100 columns: two N blocks of at most 2 064;
    // 136 rows: two row blocks of at most 128; 13 rows: a ragged tile.
    check(impls, 9, 300, 260);
    check(impls, 13, 257, 257);
    check(impls, 9, 2100, 40);
    check(impls, 136, 270, 257);
    // And resident B with several row and K blocks (the seed's backward shapes, taller).
    check(impls, 136, 50, 300);
    // Aᵀ's 1, 2 or 3 edge columns down a tall M: four vectors at a time, one, then rows.
    check(impls, 70, 17, 40);
    check(impls, 70, 34, 20);
    check(impls, 70, 35, 20);
  }
}
