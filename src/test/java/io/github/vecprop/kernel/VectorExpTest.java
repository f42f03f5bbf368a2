package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * vecprop's e^x ({@code VectorMath.exp} and the twin's {@code ScalarMath.exp}) is built from +, ×,
 * FMA and bit moves so that it rounds the same in every JIT tier, on every CPU and at every vector
 * width (the Vector API's own EXP does not, and a resumed training run drifted from the
 * uninterrupted one). Checked here two ways: both bit for bit against a replica of the algorithm
 * written out with literal constants (which would fail if a kernel used an exp of the library, or
 * another operation order), and within 2 ulp of Math.exp over the range it promises.
 */
class VectorExpTest {

  /** The same algorithm in scalar Java: IEEE float operations and Math.fma, in the same order. */
  private static float replica(float x) {
    x = Math.max(Math.min(x, 88f), -87.3f);
    float t = Math.fma(x, 1.44269504088896341f, 12582912f);
    float n = t - 12582912f;
    float r = Math.fma(n, -0.693359375f, x);
    r = Math.fma(n, 2.12194440e-4f, r);
    float p = Math.fma(r, 1.9875691500e-4f, 1.3981999507e-3f);
    p = Math.fma(p, r, 8.3334519073e-3f);
    p = Math.fma(p, r, 4.1665795894e-2f);
    p = Math.fma(p, r, 1.6666665459e-1f);
    p = Math.fma(p, r, 5.0000001201e-1f);
    float e = Math.fma(p * r, r, r) + 1f;
    int k = (Float.floatToRawIntBits(t) - (Float.floatToRawIntBits(12582912f) - 127)) << 23;
    return e * Float.intBitsToFloat(k);
  }

  @Test
  void matchesTheScalarReplicaBitForBitAndMathExpWithinTwoUlp() {
    Twins.panama(); // skips without the Vector API module
    int lanes = VectorConstants.LANES;
    float[] in = new float[lanes];
    float[] out = new float[lanes];
    int checked = 0;
    for (float x0 = -87f; x0 < 88f; x0 += 0.0173f * lanes) {
      for (int l = 0; l < lanes; l++) {
        in[l] = x0 + 0.0173f * l;
      }
      VectorMath.exp(jdk.incubator.vector.FloatVector.fromArray(VectorConstants.FLOATS,
          in, 0)).intoArray(out, 0);
      for (int l = 0; l < lanes; l++) {
        float x = in[l];
        assertEquals(Float.floatToRawIntBits(replica(x)), Float.floatToRawIntBits(out[l]),
            "exp(" + x + "): vector " + out[l] + ", replica " + replica(x));
        assertEquals(Float.floatToRawIntBits(replica(x)),
            Float.floatToRawIntBits(ScalarMath.exp(x)),
            "exp(" + x + "): twin " + ScalarMath.exp(x) + ", replica " + replica(x));
        if (x > 88f) {
          continue; // clamped, see the other test
        }
        double want = Math.exp(x);
        double ulp = Math.ulp((float) want);
        assertTrue(Math.abs(out[l] - want) <= 2 * ulp,
            "exp(" + x + ") = " + out[l] + ", Math.exp " + want + ", " + Math.abs(out[l] - want)
                / ulp + " ulp");
        checked++;
      }
    }
    assertTrue(checked > 10_000, "checked " + checked);
  }

  @Test
  void clampsOutsideTheRangeToFiniteNormalValues() {
    Twins.panama();
    int lanes = VectorConstants.LANES;
    float[] in = new float[lanes];
    float[] out = new float[lanes];
    java.util.Arrays.fill(in, -1e4f);
    in[0] = 1e4f;
    in[1] = Float.NEGATIVE_INFINITY;
    in[2] = 0f;
    VectorMath.exp(jdk.incubator.vector.FloatVector.fromArray(VectorConstants.FLOATS, in,
        0)).intoArray(out, 0);
    assertEquals((float) Math.exp(88), out[0], Math.ulp((float) Math.exp(88)) * 2,
        "e^1e4 clamps to e^88");
    assertTrue(out[1] > 0 && out[1] < 2e-38f && Float.isFinite(out[1]), "e^-inf: " + out[1]);
    assertEquals(1f, out[2], "e^0");
    assertTrue(out[3] > 0 && out[3] < 2e-38f, "e^-1e4: " + out[3]);
    for (int l = 0; l < lanes; l++) {
      Bits.same(ScalarMath.exp(in[l]), out[l], "exp(" + in[l] + ") twin vs vector");
    }
    Bits.same(ScalarMath.exp(Float.NaN), VectorMath.exp(jdk.incubator.vector.FloatVector.broadcast(
        VectorConstants.FLOATS, Float.NaN)).lane(0), "exp(NaN)");
    assertTrue(Float.isNaN(ScalarMath.exp(Float.NaN)), "exp(NaN) is NaN");
  }
}
