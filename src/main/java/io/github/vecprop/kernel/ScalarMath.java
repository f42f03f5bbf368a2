package io.github.vecprop.kernel;

/**
 * The two pieces of arithmetic that several kernels share, in the order both implementations
 * follow: vecprop's e^x, and the fixed-order sum. {@link VectorMath} holds their Vector API forms,
 * which give the same bits lane for lane.
 *
 * <p><b>e^x</b> (Cephes' {@code expf}): clamp x to [{@link #EXP_LO}, {@link #EXP_HI}]; split
 * x = n·ln2 + r with n = round(x·log2 e) (adding 1.5·2²³ rounds to an integer held in the low
 * mantissa bits); a degree-5 polynomial in r by Horner's rule, every step one FMA; then 2ⁿ put
 * into the exponent field. Within 2 ulp of e^x, always normal and finite (e^−87.3 stands in for
 * anything smaller). Not {@code Math.exp}: that may differ between CPUs and JDKs by an ulp, and
 * the Vector API's own {@code EXP} rounds differently before and after C2 compiles it.
 *
 * <p><b>Ordered sum</b> of n floats: with fewer than {@link #PARTIALS} = 32 elements, left to
 * right from +0. Otherwise 32 partial sums, partial j = x[j] + x[32 + j] + x[64 + j] + … over
 * the whole blocks of 32 (left to right), then the partials added left to right from partial 0,
 * then the elements past the last whole block, left to right. 32 is a logical constant, not the
 * lane count: two 512-bit vectors or four 256-bit ones hold the partials, and this class runs the
 * same order one float at a time.
 */
final class ScalarMath {
  private ScalarMath() {}

  /** Number of partial sums of {@link #orderedSum}: a property of the arithmetic, not the CPU. */
  static final int PARTIALS = 32;

  static final float EXP_HI = 88f;
  static final float EXP_LO = -87.3f;
  static final float LOG2E = 1.44269504088896341f;
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits. */
  static final float ROUNDER = 12582912f;
  static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  static final float P5 = 1.9875691500e-4f;
  static final float P4 = 1.3981999507e-3f;
  static final float P3 = 8.3334519073e-3f;
  static final float P2 = 4.1665795894e-2f;
  static final float P1 = 1.6666665459e-1f;
  static final float P0 = 5.0000001201e-1f;

  /** vecprop's e^x, see the class comment; {@code VectorMath.exp} lane for lane. */
  static float exp(float x) {
    x = Math.max(Math.min(x, EXP_HI), EXP_LO);
    float t = Math.fma(x, LOG2E, ROUNDER);
    float n = t - ROUNDER;
    float r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(r, P5, P4);
    p = Math.fma(p, r, P3);
    p = Math.fma(p, r, P2);
    p = Math.fma(p, r, P1);
    p = Math.fma(p, r, P0);
    float e = Math.fma(p * r, r, r) + 1f;
    int k = (Float.floatToRawIntBits(t) - (ROUNDER_BITS - 127)) << 23;
    return e * Float.intBitsToFloat(k);
  }

  /** The ordered sum of x[off, off+n), see the class comment. */
  static float orderedSum(int n, float[] x, int off) {
    int whole = n / PARTIALS * PARTIALS;
    float s = 0f;
    if (whole > 0) {
      s = x[off];
      for (int i = PARTIALS; i < whole; i += PARTIALS) {
        s += x[off + i];
      }
      for (int j = 1; j < PARTIALS; j++) {
        float pj = x[off + j];
        for (int i = PARTIALS; i < whole; i += PARTIALS) {
          pj += x[off + i + j];
        }
        s += pj;
      }
    }
    for (int i = whole; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }
}
