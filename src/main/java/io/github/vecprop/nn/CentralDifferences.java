package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;

/**
 * The central differences {@link GradientCheck} compares backward against, for a single layer
 * and for the loss layer: one float element is perturbed to {@code (float)(v ± h)} and restored in
 * {@code finally}, the forward is re-run in float, and the difference of the two objectives,
 * computed in double, is divided by the step actually taken. Stateless.
 */
final class CentralDifferences {

  private CentralDifferences() {}

  /** d(Σ r ⊙ layer.forward(x)) / d v[i], v being a parameter value or x itself. */
  static double layer(Layer layer, float[] x, int batch, float[] r, float[] v, int i,
      double step) {
    float orig = v[i];
    try {
      float plus = (float) (orig + step);
      float minus = (float) (orig - step);
      v[i] = plus;
      double fp = dot(r, layer.forward(x, batch));
      v[i] = minus;
      double fm = dot(r, layer.forward(x, batch));
      return (fp - fm) / ((double) plus - (double) minus);
    } finally {
      v[i] = orig;
    }
  }

  private static double dot(float[] r, float[] out) {
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (double) r[i] * out[i];
    }
    return s;
  }

  /** d(mean cross-entropy in double) / d x[i]; exactly one of labels / oneHot is non-null. */
  static double loss(SoftmaxWithLoss loss, float[] x, int batch, int[] labels, float[] oneHot,
      int i, double step) {
    float orig = x[i];
    try {
      float plus = (float) (orig + step);
      float minus = (float) (orig - step);
      x[i] = plus;
      double fp = lossForward(loss, x, batch, labels, oneHot);
      x[i] = minus;
      double fm = lossForward(loss, x, batch, labels, oneHot);
      return (fp - fm) / ((double) plus - (double) minus);
    } finally {
      x[i] = orig;
    }
  }

  /** Runs the float forward, then recomputes the loss in double from its probabilities. */
  static double lossForward(SoftmaxWithLoss loss, float[] x, int batch, int[] labels,
      float[] oneHot) {
    if (labels != null) {
      loss.forward(x, batch, labels);
    } else {
      loss.forward(x, batch, oneHot);
    }
    float[] y = loss.probabilities();
    int n = loss.classes();
    double total = 0;
    for (int r = 0; r < batch; r++) {
      if (labels != null) {
        total -= Math.log((double) y[r * n + labels[r]] + Kernels.LOG_GUARD);
      } else {
        for (int j = 0; j < n; j++) {
          double t = oneHot[r * n + j];
          if (t != 0) {
            total -= t * Math.log((double) y[r * n + j] + Kernels.LOG_GUARD);
          }
        }
      }
    }
    return total / batch;
  }
}
