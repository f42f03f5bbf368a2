package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvProducts#dotPartials} and {@link ConvProducts#reducePartials}, the weight gradient
 * of a convolution: the Vector implementation and the twin against the partials' chains written
 * out here, bit for bit, over m and n around the 5 × 4 tile (1–11), k over {@link Twins#SIZES}
 * (whole 16s and tails), row strides longer than k, offsets and accumulate; the sum order; and
 * the refusals. The kernel suite also runs at 256 bits (pom.xml), where a dot is two vectors.
 */
class DotPartialsDifferentialTest {

  private static void chains(int m, int n, int k, float[] a, int aOff, int lda, float[] b,
      int bOff, int ldb, float[] p, int pOff, boolean acc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        for (int l = 0; l < 16; l++) {
          int at = pOff + (i * n + j) * 16 + l;
          float s = acc ? p[at] : 0f;
          for (int t = l; t < k; t += 16) {
            s = Math.fma(a[aOff + i * lda + t], b[bOff + j * ldb + t], s);
          }
          p[at] = s;
        }
      }
    }
  }

  @Test
  void panamaAndTwinGiveTheBitsOfEachPartialsChain() {
    KernelSupport panama = Twins.panama();
    SplittableRandom r = new SplittableRandom(1203);
    int checked = 0;
    for (int m = 1; m <= 11; m++) {
      for (int n = 1; n <= 11; n += 1 + r.nextInt(2)) {
        int k = Twins.SIZES[r.nextInt(Twins.SIZES.length)];
        int lda = k + r.nextInt(3);
        int ldb = k + r.nextInt(3);
        int aOff = r.nextInt(3);
        int bOff = r.nextInt(3);
        int pOff = r.nextInt(3);
        float[] a = Reference.random(r, aOff + m * lda, -1f, 1f);
        float[] b = Reference.random(r, bOff + n * ldb, -1f, 1f);
        float[] p0 = Reference.random(r, pOff + m * n * 16 + 2, -1f, 1f);
        for (boolean acc : new boolean[] {false, true}) {
          float[] want = p0.clone();
          float[] twin = p0.clone();
          float[] vec = p0.clone();
          chains(m, n, k, a, aOff, lda, b, bOff, ldb, want, pOff, acc);
          Twins.SCALAR.dotPartials(m, n, k, a, aOff, lda, b, bOff, ldb, twin, pOff, acc);
          panama.dotPartials(m, n, k, a, aOff, lda, b, bOff, ldb, vec, pOff, acc);
          String what = "m=" + m + " n=" + n + " k=" + k + " lda=" + lda + " ldb=" + ldb
              + " acc=" + acc;
          Bits.same(want, twin, "twin " + what);
          Bits.same(want, vec, "panama " + what);
          checked++;
        }
      }
    }
    // The book's shape, through the facade: 30 filters × (25 + 1) rows of 576.
    float[] a = Reference.random(r, 30 * 576, -1f, 1f);
    float[] b = Reference.random(r, 26 * 576, -1f, 1f);
    float[] want = new float[30 * 26 * 16];
    float[] got = new float[want.length];
    chains(30, 26, 576, a, 0, 576, b, 0, 576, want, 0, false);
    ConvProducts.dotPartials(30, 26, 576, a, 0, 576, b, 0, 576, got, 0, false);
    Bits.same(want, got, "30 × 26 × 576");
    assertTrue(checked >= 2 * 11 * 4, "checked " + checked);
  }

  @Test
  void reduceAddsTheSixteenPartialsLeftToRight() {
    // 1e8 + 1 + ... : left to right, each +1 after 1e8 is lost (ulp(1e8) = 8); any other order
    // that adds the ones first keeps them.
    float[] p = new float[2 * 16 + 1];
    p[1] = 1e8f;
    for (int l = 2; l < 16; l++) {
      p[1 + l] = 1f;
    }
    p[1 + 16] = 3f;
    float[] out = new float[3];
    ConvProducts.reducePartials(2, p, 1, out, 1);
    assertEquals(0f, out[0]);
    assertEquals(1e8f, out[1]);
    assertEquals(3f, out[2]);
    float[] q = new float[16];
    for (int l = 0; l < 16; l++) {
      q[l] = l < 14 ? 1f : 1e8f;
    }
    ConvProducts.reducePartials(1, q, 0, out, 0);
    assertEquals(14f + 1e8f + 1e8f, out[0]);
  }

  @Test
  void refusesWhatItCannotComputeNamingTheArgument() {
    float[] a = new float[64];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.dotPartials(1, 1, 8, a, 0, 7, a.clone(), 0, 8, new float[16], 0,
            false));
    assertEquals("lda 7 and ldb 8 must be at least k 8", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.dotPartials(2, 1, 8, a, 0, 8, a.clone(), 0, 8, new float[31], 0,
            false));
    assertTrue(e.getMessage().startsWith("partials: needs 32 elements"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.dotPartials(1, 3, 8, a, 0, 8, new float[20], 0, 8, new float[48], 0,
            false));
    assertTrue(e.getMessage().startsWith("B: needs 24 elements"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.dotPartials(1, 1, 8, a, 0, 8, a.clone(), 0, 8, a, 0, false));
    assertEquals("partials: must not be the same array as A", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.reducePartials(2, new float[31], 0, new float[2], 0));
    assertTrue(e.getMessage().startsWith("partials: needs 32 elements"), e.getMessage());
  }
}
