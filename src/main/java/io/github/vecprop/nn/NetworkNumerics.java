package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;
import java.util.Arrays;

/**
 * The central-difference machinery behind {@link Network#numericalGradient} and
 * {@link GradientCheck#checkNetwork}: perturbs each parameter element in float, re-runs the
 * network from the perturbed layer on, and recomputes the mean cross-entropy in double from the
 * float logits. Stateless; it drives the network it is given (single-writer, as the network).
 */
final class NetworkNumerics {

  private NetworkNumerics() {}

  /**
   * The central differences; when {@code only} is non-null, only the listed indices of each
   * parameter are computed and the other entries are NaN.
   *
   * @param net the network: its {@code predict} and {@code outputSize} are called as
   *     {@link Network} itself calls them
   * @param stack the network's layers, run from the perturbed one on
   */
  static double[][] numerical(Network net, LayerStack stack, float[] x, int batch,
      int[] labels, float[] oneHot, double h, int[][] only) {
    if (!(h > 0)) {
      throw new IllegalArgumentException("step: must be positive, got " + h);
    }
    Parameter[] params = stack.params;
    double[][] out = new double[params.length][];
    net.predict(x, batch);
    try {
      for (int a = 0; a < stack.affines.length; a++) {
        int from = 2 * a;
        for (int q = 0; q < 2; q++) {
          Parameter p = params[2 * a + q];
          float[] v = p.value();
          double[] g = new double[v.length];
          int[] idx = only == null ? null : only[2 * a + q];
          if (idx != null) {
            Arrays.fill(g, Double.NaN);
          }
          int count = idx == null ? v.length : idx.length;
          for (int e = 0; e < count; e++) {
            int i = idx == null ? e : idx[e];
            float orig = v[i];
            try {
              float plus = (float) (orig + h);
              float minus = (float) (orig - h);
              v[i] = plus;
              double lp = lossInDouble(stack.forwardFrom(from, x, batch), batch, labels, oneHot,
                  net.outputSize());
              v[i] = minus;
              double lm = lossInDouble(stack.forwardFrom(from, x, batch), batch, labels, oneHot,
                  net.outputSize());
              g[i] = (lp - lm) / ((double) plus - (double) minus);
            } finally {
              v[i] = orig;
            }
          }
          out[2 * a + q] = g;
        }
        // The layers after this one still hold outputs of the last perturbed state.
        stack.forwardFrom(from, x, batch);
      }
    } finally {
      net.predict(x, batch);
    }
    return out;
  }

  /**
   * The mean cross-entropy of float logits, computed in double: −Σ t·log(softmax(z) + 1e-7) /
   * batch. Exactly one of labels / oneHot is non-null.
   */
  static double lossInDouble(float[] logits, int batch, int[] labels, float[] oneHot, int n) {
    double total = 0;
    for (int r = 0; r < batch; r++) {
      int o = r * n;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, logits[o + j]);
      }
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += Math.exp(logits[o + j] - max);
      }
      if (labels != null) {
        int t = labels[r];
        total -= Math.log(Math.exp(logits[o + t] - max) / s + Kernels.LOG_GUARD);
      } else {
        for (int j = 0; j < n; j++) {
          double tj = oneHot[o + j];
          if (tj != 0) {
            total -= tj * Math.log(Math.exp(logits[o + j] - max) / s
                + Kernels.LOG_GUARD);
          }
        }
      }
    }
    return total / batch;
  }
}
