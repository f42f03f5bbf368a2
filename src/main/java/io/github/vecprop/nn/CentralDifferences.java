package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;

/**
 * The central differences {@link GradientCheck} and {@link NumericalGradient} compare backward
 * against — one place for the difference ({@link #of}) and one for the loss in double
 * ({@link #lossInDouble}): one float element is perturbed to {@code (float)(v ± h)} and restored
 * in {@code finally}, the forward is re-run in float, and the difference of the two objectives,
 * computed in double, is divided by the step actually taken. Stateless.
 */
final class CentralDifferences {

  private CentralDifferences() {}

  /**
   * The one central difference: v[i] set to (float)(v[i] ± step), the objective evaluated at
   * both, v[i] restored in {@code finally}, and the difference divided by the step actually
   * taken, (float)(v+h) − (float)(v−h), in double.
   */
  static double of(float[] v, int i, double step, java.util.function.DoubleSupplier objective) {
    float orig = v[i];
    try {
      float plus = (float) (orig + step);
      float minus = (float) (orig - step);
      v[i] = plus;
      double fp = objective.getAsDouble();
      v[i] = minus;
      double fm = objective.getAsDouble();
      return (fp - fm) / ((double) plus - (double) minus);
    } finally {
      v[i] = orig;
    }
  }

  /** d(Σ r ⊙ layer.forward(x)) / d v[i], v being a parameter value or x itself. */
  static double layer(Layer layer, float[] x, int batch, float[] r, float[] v, int i,
      double step) {
    return of(v, i, step, () -> dot(r, layer.forward(x, batch)));
  }

  private static double dot(float[] r, float[] out) {
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (double) r[i] * out[i];
    }
    return s;
  }

  /** d(mean cross-entropy in double) / d x[i] for the loss layer's input (the logits) x. */
  static double loss(SoftmaxWithLoss loss, float[] x, int batch, int[] labels, float[] oneHot,
      int i, double step) {
    return of(x, i, step, () -> lossInDouble(x, batch, labels, oneHot, loss.classes()));
  }

  /**
   * The one loss in double: the mean cross-entropy of float logits, −Σ t·log(softmax(z) + 1e-7)
   * / batch, softmax and log in double. Exactly one of labels / oneHot is non-null.
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
            total -= tj * Math.log(Math.exp(logits[o + j] - max) / s + Kernels.LOG_GUARD);
          }
        }
      }
    }
    return total / batch;
  }
}
