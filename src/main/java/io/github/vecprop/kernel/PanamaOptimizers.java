package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Optimizer updates on the Vector API: one pass, every operand read once and written once. Each
 * formula is the twin's, operation by operation (multiply and add kept apart, square roots
 * correctly rounded in both), and the tail past whole vectors runs on the twin itself.
 */
final class PanamaOptimizers {
  private PanamaOptimizers() {}

  private static final ScalarKernelSupport TWIN = ScalarKernelSupport.INSTANCE;

  static void momentumUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector vi = FloatVector.fromArray(FLOATS, v, vOff + i).mul(mu)
          .sub(FloatVector.fromArray(FLOATS, g, gOff + i).mul(lr));
      vi.intoArray(v, vOff + i);
      FloatVector.fromArray(FLOATS, p, pOff + i).add(vi).intoArray(p, pOff + i);
    }
    TWIN.momentumUpdate(n - i, lr, mu, g, gOff + i, v, vOff + i, p, pOff + i);
  }

  static void nesterovUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    float c = (1f + mu) * lr;
    float mu2 = mu * mu;
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector gi = FloatVector.fromArray(FLOATS, g, gOff + i);
      FloatVector vi = FloatVector.fromArray(FLOATS, v, vOff + i).mul(mu).sub(gi.mul(lr));
      vi.intoArray(v, vOff + i);
      FloatVector.fromArray(FLOATS, p, pOff + i).add(vi.mul(mu2).sub(gi.mul(c))).intoArray(p, pOff + i);
    }
    TWIN.nesterovUpdate(n - i, lr, mu, g, gOff + i, v, vOff + i, p, pOff + i);
  }

  static void adaGradUpdate(int n, float lr, float eps, float[] g, int gOff, float[] h, int hOff,
      float[] p, int pOff) {
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector gi = FloatVector.fromArray(FLOATS, g, gOff + i);
      FloatVector hi = FloatVector.fromArray(FLOATS, h, hOff + i).add(gi.mul(gi));
      hi.intoArray(h, hOff + i);
      FloatVector step = gi.mul(lr).div(hi.lanewise(VectorOperators.SQRT).add(eps));
      FloatVector.fromArray(FLOATS, p, pOff + i).sub(step).intoArray(p, pOff + i);
    }
    TWIN.adaGradUpdate(n - i, lr, eps, g, gOff + i, h, hOff + i, p, pOff + i);
  }

  static void rmsPropUpdate(int n, float lr, float rho, float eps, float[] g, int gOff, float[] h,
      int hOff, float[] p, int pOff) {
    float c = 1f - rho;
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector gi = FloatVector.fromArray(FLOATS, g, gOff + i);
      FloatVector hi = FloatVector.fromArray(FLOATS, h, hOff + i).mul(rho).add(gi.mul(c).mul(gi));
      hi.intoArray(h, hOff + i);
      FloatVector step = gi.mul(lr).div(hi.lanewise(VectorOperators.SQRT).add(eps));
      FloatVector.fromArray(FLOATS, p, pOff + i).sub(step).intoArray(p, pOff + i);
    }
    TWIN.rmsPropUpdate(n - i, lr, rho, eps, g, gOff + i, h, hOff + i, p, pOff + i);
  }

  static void adamUpdate(int n, float lrT, float beta1, float beta2, float eps, float[] g,
      int gOff, float[] m, int mOff, float[] v, int vOff, float[] p, int pOff) {
    float c1 = 1f - beta1;
    float c2 = 1f - beta2;
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector gi = FloatVector.fromArray(FLOATS, g, gOff + i);
      FloatVector mi = FloatVector.fromArray(FLOATS, m, mOff + i);
      FloatVector vi = FloatVector.fromArray(FLOATS, v, vOff + i);
      mi = mi.add(gi.sub(mi).mul(c1));
      vi = vi.add(gi.mul(gi).sub(vi).mul(c2));
      mi.intoArray(m, mOff + i);
      vi.intoArray(v, vOff + i);
      FloatVector step = mi.mul(lrT).div(vi.lanewise(VectorOperators.SQRT).add(eps));
      FloatVector.fromArray(FLOATS, p, pOff + i).sub(step).intoArray(p, pOff + i);
    }
    TWIN.adamUpdate(n - i, lrT, beta1, beta2, eps, g, gOff + i, m, mOff + i, v, vOff + i, p,
        pOff + i);
  }
}
