package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * All three GEMM forms, plain and accumulating: the Panama implementation against the scalar twin
 * bit for bit, and the twin against a double-precision naive reference (tolerance growing with the
 * reduction length k), over shapes whose m, n and k are each drawn from {@link Twins#SIZES}; the
 * same bits at any offset and for a row alone as inside a batch.
 */
class GemmDifferentialTest {

  private static final String[] FORMS = {"gemm", "gemmTransA", "gemmTransB"};

  /** Every size in every position at least once (others drawn at random), plus random triples. */
  static List<int[]> shapes(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] s = Twins.SIZES;
    List<int[]> out = new ArrayList<>();
    for (int v : s) {
      out.add(new int[] {v, s[r.nextInt(s.length)], s[r.nextInt(s.length)]});
      out.add(new int[] {s[r.nextInt(s.length)], v, s[r.nextInt(s.length)]});
      out.add(new int[] {s[r.nextInt(s.length)], s[r.nextInt(s.length)], v});
    }
    for (int i = 0; i < 40; i++) {
      out.add(new int[] {s[r.nextInt(s.length)], s[r.nextInt(s.length)], s[r.nextInt(s.length)]});
    }
    // The seed's shapes and one product with several K blocks.
    out.add(new int[] {100, 50, 784});
    out.add(new int[] {784, 50, 100});
    out.add(new int[] {100, 784, 50});
    out.add(new int[] {100, 10, 50});
    out.add(new int[] {33, 65, 600});
    // Every count of edge columns (n mod 16 = 1..4), odd and even m (the edge path takes rows in
    // pairs), K with and without a tail past its whole blocks of 16, and the few-rows path.
    for (int[] t : new int[][] {{9, 17, 16}, {10, 18, 33}, {11, 19, 47}, {12, 20, 100},
        {13, 36, 17}, {100, 100, 100}, {5, 100, 100}, {1, 50, 784}, {3, 4324, 20}}) {
      out.add(t);
    }
    // Keep the scalar-twin cost of the suite bounded.
    out.removeIf(t -> (long) t[0] * t[1] * t[2] > 8_000_000L);
    return out;
  }

  private static void run(KernelSupport impl, int form, int m, int n, int k, float[] a, float[] b,
      float[] c, boolean acc) {
    switch (form) {
      case 0 -> impl.gemm(m, n, k, a, 0, b, 0, c, 0, acc);
      case 1 -> impl.gemmTransA(m, n, k, a, 0, b, 0, c, 0, acc);
      default -> impl.gemmTransB(m, n, k, a, 0, b, 0, c, 0, acc);
    }
  }

  @Test
  void panamaMatchesScalarOnEveryForm() {
    KernelSupport panama = Twins.panama();
    long seed = 42;
    int checked = 0;
    for (int[] t : shapes(seed)) {
      int m = t[0];
      int n = t[1];
      int k = t[2];
      SplittableRandom r = new SplittableRandom(seed ^ (m * 1_000_003L + n * 1009L + k));
      float[] a = Reference.random(r, m * k, -1f, 1f);
      float[] b = Reference.random(r, k * n, -1f, 1f);
      float[] c0 = Reference.random(r, m * n, -1f, 1f);
      for (int form = 0; form < 3; form++) {
        for (boolean acc : new boolean[] {false, true}) {
          float[] cs = c0.clone();
          float[] cp = c0.clone();
          run(Twins.SCALAR, form, m, n, k, a, b, cs, acc);
          run(panama, form, m, n, k, a, b, cp, acc);
          Bits.same(cs, cp, FORMS[form] + (acc ? " (accumulate)" : "") + " m=" + m + " n=" + n
              + " k=" + k);
          checked++;
        }
      }
    }
    assertTrue(checked > 300, "checked " + checked + " products");
  }

  @Test
  void scalarTwinMatchesDoubleReference() {
    long seed = 7;
    for (int[] t : shapes(seed)) {
      int m = t[0];
      int n = t[1];
      int k = t[2];
      if ((long) m * n * k > 1_500_000L) {
        continue;
      }
      SplittableRandom r = new SplittableRandom(seed + m + 31L * n + 961L * k);
      float[] a = Reference.random(r, m * k, -1f, 1f);
      float[] b = Reference.random(r, k * n, -1f, 1f);
      for (int form = 0; form < 3; form++) {
        double[][] ref = Reference.gemm(form, m, n, k, a, b);
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN); // must be overwritten, not accumulated into
        run(Twins.SCALAR, form, m, n, k, a, b, c, false);
        for (int i = 0; i < m * n; i++) {
          double tol = Reference.gemmTolerance(k, ref[1][i]);
          if (!(Math.abs(c[i] - ref[0][i]) <= tol)) {
            fail(FORMS[form] + " m=" + m + " n=" + n + " k=" + k + " at " + i + ": twin " + c[i]
                + " reference " + ref[0][i]);
          }
        }
      }
    }
  }

  @Test
  void panamaOverwritesWhenNotAccumulating() {
    KernelSupport panama = Twins.panama();
    int m = 9;
    int n = 50;
    int k = 784;
    SplittableRandom r = new SplittableRandom(3);
    float[] a = Reference.random(r, m * k, -1f, 1f);
    float[] b = Reference.random(r, k * n, -1f, 1f);
    float[] c = new float[m * n];
    java.util.Arrays.fill(c, Float.NaN);
    panama.gemm(m, n, k, a, 0, b, 0, c, 0, false);
    double[] ref = Reference.gemm(0, m, n, k, a, b)[0];
    for (int i = 0; i < c.length; i++) {
      assertEquals(ref[i], c[i], 1e-3, "element " + i);
    }
  }

  @Test
  void offsetsAreHonoured() {
    // n = 37 takes a one-vector panel; 50, 35 and 66 take the edge-column path (2, 3, 2 columns
    // past whole vectors), which reads B columns and writes C columns on its own.
    int[][] shapes = {{5, 37, 19}, {6, 50, 40}, {70, 35, 33}, {9, 66, 300}};
    for (KernelSupport impl : impls()) {
      for (int[] t : shapes) {
        int m = t[0];
        int n = t[1];
        int k = t[2];
        SplittableRandom r = new SplittableRandom(11 + m + n + k);
        float[] a = Reference.random(r, 3 + m * k, -1f, 1f);
        float[] b = Reference.random(r, 4 + k * n, -1f, 1f);
        float[] a0 = java.util.Arrays.copyOfRange(a, 3, a.length);
        float[] b0 = java.util.Arrays.copyOfRange(b, 4, b.length);
        for (int form = 0; form < 3; form++) {
          double[] ref = Reference.gemm(form, m, n, k, a0, b0)[0];
          for (boolean acc : new boolean[] {false, true}) {
            String what = impl.name() + " " + FORMS[form] + (acc ? " (accumulate)" : "") + " m="
                + m + " n=" + n + " k=" + k;
            float[] c = new float[2 + m * n + 5];
            java.util.Arrays.fill(c, 2, 2 + m * n, acc ? 0.5f : Float.NaN);
            switch (form) {
              case 0 -> impl.gemm(m, n, k, a, 3, b, 4, c, 2, acc);
              case 1 -> impl.gemmTransA(m, n, k, a, 3, b, 4, c, 2, acc);
              default -> impl.gemmTransB(m, n, k, a, 3, b, 4, c, 2, acc);
            }
            assertEquals(0f, c[0], what);
            assertEquals(0f, c[1], what);
            for (int i = 0; i < m * n; i++) {
              assertEquals(ref[i] + (acc ? 0.5 : 0), c[2 + i], 1e-4, what + " element " + i);
            }
            for (int i = 2 + m * n; i < c.length; i++) {
              assertEquals(0f, c[i], what + " wrote past C at " + i);
            }
          }
        }
      }
    }
  }

  @Test
  void offsetsAndBatchesChangeNoBit() {
    KernelSupport panama = Twins.panama();
    int[][] shapes = {{23, 50, 784}, {37, 10, 50}, {100, 35, 33}, {19, 66, 300}, {9, 8, 9}};
    for (int[] t : shapes) {
      int m = t[0];
      int n = t[1];
      int k = t[2];
      SplittableRandom r = new SplittableRandom(99 + m + n + k);
      float[] a = Reference.random(r, 5 + m * k, -1f, 1f);
      float[] b = Reference.random(r, 7 + k * n, -1f, 1f);
      float[] a0 = java.util.Arrays.copyOfRange(a, 5, a.length);
      float[] b0 = java.util.Arrays.copyOfRange(b, 7, b.length);
      for (int form = 0; form < 3; form++) {
        float[] want = new float[m * n];
        run(Twins.SCALAR, form, m, n, k, a0, b0, want, false);
        float[] c = new float[3 + m * n];
        switch (form) {
          case 0 -> panama.gemm(m, n, k, a, 5, b, 7, c, 3, false);
          case 1 -> panama.gemmTransA(m, n, k, a, 5, b, 7, c, 3, false);
          default -> panama.gemmTransB(m, n, k, a, 5, b, 7, c, 3, false);
        }
        Bits.same(want, java.util.Arrays.copyOfRange(c, 3, c.length),
            FORMS[form] + " at offsets, m=" + m + " n=" + n + " k=" + k);
        if (form == 1) {
          continue; // Aᵀ's rows are columns of the stored A: a "row alone" is not a sub-array
        }
        // Row i alone (m = 1, and blocks of 3 rows) gives the bits of row i inside the batch.
        for (int i = 0; i < m; i += 3) {
          int rows = Math.min(3, m - i);
          float[] ci = new float[rows * n];
          float[] ai = java.util.Arrays.copyOfRange(a0, i * k, (i + rows) * k);
          run(panama, form, rows, n, k, ai, b0, ci, false);
          Bits.same(java.util.Arrays.copyOfRange(want, i * n, (i + rows) * n), ci,
              FORMS[form] + " rows " + i + ".." + (i + rows) + " alone, n=" + n + " k=" + k);
          float[] one = new float[n];
          run(panama, form, 1, n, k, java.util.Arrays.copyOfRange(a0, i * k, (i + 1) * k), b0, one,
              false);
          Bits.same(java.util.Arrays.copyOfRange(want, i * n, (i + 1) * n), one,
              FORMS[form] + " row " + i + " alone, n=" + n + " k=" + k);
        }
      }
    }
  }

  static List<KernelSupport> impls() {
    List<KernelSupport> l = new ArrayList<>();
    l.add(Twins.SCALAR);
    if (ModuleLayer.boot().findModule(KernelProvider.MODULE).isPresent()) {
      l.add(Twins.panama());
    }
    return l;
  }
}
