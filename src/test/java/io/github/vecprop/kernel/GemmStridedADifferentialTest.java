package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvProducts#gemmStridedA}, the product of a convolution's forward: the
 * Vector implementation against the twin bit for bit (m and k over {@link Twins#SIZES}, n every
 * multiple of 16 up to 96, A's row stride k or longer, offsets, accumulate on and off), the twin
 * against an FMA chain written out here, and the bits the convolution's per-sample sum relies on.
 * The kernel suite also runs at 256 bits (pom.xml), where n / lanes is even for every n.
 */
class GemmStridedADifferentialTest {

  private static void chain(int m, int n, int k, float[] a, int aOff, int lda, float[] b,
      int bOff, float[] c, int cOff, boolean acc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = acc ? c[cOff + i * n + j] : 0f;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[aOff + i * lda + p], b[bOff + p * n + j], s);
        }
        c[cOff + i * n + j] = s;
      }
    }
  }

  @Test
  void panamaAndTwinGiveTheBitsOfOneFmaChainAlongK() {
    KernelSupport panama = Twins.panama();
    SplittableRandom r = new SplittableRandom(42);
    int checked = 0;
    for (int m : Twins.SIZES) {
      for (int n = 16; n <= 96; n += 16) {
        int k = Twins.SIZES[r.nextInt(Twins.SIZES.length)];
        int lda = k + (r.nextBoolean() ? 0 : 1 + r.nextInt(5));
        int aOff = r.nextInt(3);
        int bOff = r.nextInt(3);
        int cOff = r.nextInt(3);
        float[] a = Reference.random(r, aOff + m * lda, -1f, 1f);
        float[] b = Reference.random(r, bOff + k * n, -1f, 1f);
        float[] c0 = Reference.random(r, cOff + m * n + 2, -1f, 1f);
        for (boolean acc : new boolean[] {false, true}) {
          float[] expected = c0.clone();
          float[] twin = c0.clone();
          float[] vec = c0.clone();
          chain(m, n, k, a, aOff, lda, b, bOff, expected, cOff, acc);
          Twins.SCALAR.gemmStridedA(m, n, k, a, aOff, lda, b, bOff, twin, cOff, acc);
          panama.gemmStridedA(m, n, k, a, aOff, lda, b, bOff, vec, cOff, acc);
          String what = "m=" + m + " n=" + n + " k=" + k + " lda=" + lda + " acc=" + acc;
          Bits.same(expected, twin, "twin " + what);
          Bits.same(expected, vec, "panama " + what);
          checked++;
        }
      }
    }
    assertTrue(checked >= 2 * 6 * Twins.SIZES.length, "checked " + checked);
  }

  @Test
  void summingSampleBySampleWithAccumulateIsOneChainOverAllSamples() {
    // Accumulating sample by sample gives the bits of one product over the samples' K laid end
    // to end: each element is one chain from +0.
    SplittableRandom r = new SplittableRandom(7);
    int m = 30;
    int n = 32;
    int k = 50;
    int samples = 3;
    float[] a = Reference.random(r, samples * m * k, -1f, 1f);
    float[] b = Reference.random(r, samples * k * n, -1f, 1f);
    float[] bySample = new float[m * n];
    for (int s = 0; s < samples; s++) {
      ConvProducts.gemmStridedA(m, n, k, a, s * m * k, k, b, s * k * n, bySample, 0, s > 0);
    }
    float[] joined = new float[m * samples * k]; // row i: sample 0's row i, then sample 1's, ...
    for (int i = 0; i < m; i++) {
      for (int s = 0; s < samples; s++) {
        System.arraycopy(a, s * m * k + i * k, joined, i * samples * k + s * k, k);
      }
    }
    float[] once = new float[m * n];
    chain(m, n, samples * k, joined, 0, samples * k, b, 0, once, 0, false);
    Bits.same(once, bySample, "per-sample accumulation");
  }

  @Test
  void refusesWhatItCannotComputeNamingTheArgument() {
    float[] a = new float[64];
    float[] b = new float[64];
    float[] c = new float[64];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.gemmStridedA(1, 20, 2, a, 0, 2, b, 0, c, 0, false));
    assertEquals("n 20 must be a multiple of 16 and lda 2 at least k 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.gemmStridedA(1, 16, 4, a, 0, 3, b, 0, c, 0, false));
    assertTrue(e.getMessage().contains("lda 3 at least k 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.gemmStridedA(2, 16, 5, a, 0, 5, b, 0, c, 0, false));
    assertTrue(e.getMessage().startsWith("B: needs 80 elements from offset 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.gemmStridedA(5, 16, 2, a, 0, 2, new float[32], 0, c, 0, false));
    assertTrue(e.getMessage().startsWith("C: needs 80 elements"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.gemmStridedA(2, 16, 2, a, 0, 70, new float[32], 0, c, 0, false));
    assertTrue(e.getMessage().startsWith("A: needs 72 elements"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConvProducts.gemmStridedA(1, 16, 2, a, 0, 2, b, 0, a, 0, false));
    assertEquals("C: must not be the same array as A", e.getMessage());
  }
}
