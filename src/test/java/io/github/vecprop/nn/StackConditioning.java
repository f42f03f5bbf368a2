package io.github.vecprop.nn;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The conditioning {@link StackPropertyTest} applies to a random stack before checking it, so
 * that float central differences measure the gradient and not rounding noise, truncation or the
 * loss's log guard: reparametrisations as harmless as clearing the ReLU kinks. Each rule was
 * added for failures the property suite found and traced (by varying the step) to numerics,
 * not to a backward pass; each javadoc says which.
 */
final class StackConditioning {
  private StackConditioning() {}

  /** The column σ every BatchNorm input is brought up to (see {@link #conditionBatchNorm}). */
  static final double SIGMA_TARGET = 0.25;
  /**
   * The column σ a sigmoid's or tanh's input is brought up to in a stack with a BatchNorm. Small
   * weights squeeze the rows of a sigmoid layer together (two gaussian(0.2) sigmoid layers left
   * rows 0.01 apart around 0.5); a BatchNorm after them spreads them out again, and then a step
   * that moves the squeezed rows together is divided by their small spread, while the float
   * rounding is multiplied by it: this suite found such stacks failing at every step from 1e-2
   * to 5e-4 (truncation at the large steps, rounding at the small ones).
   */
  static final double SQUASH_SIGMA_TARGET = 0.5;
  /** The largest factor a weight column is scaled by. */
  static final double MAX_SCALE = 100;

  /**
   * Conditions every Affine → BatchNorm pair for float central differences, a
   * reparametrisation as harmless as the kink clearing: BatchNorm divides by the column σ of its
   * input, so a column with σ ≪ 1 amplifies both a step and the float rounding of the Affine's
   * output by 1/σ (the check then measures noise, not the gradient: found by this very suite,
   * a batch of 2 with two rows 0.002 apart), and a column mean ≫ σ amplifies the rounding by
   * |mean|/σ more. So each column of W with σ below {@link #SIGMA_TARGET} on these rows is
   * scaled up to it (by at most {@link #MAX_SCALE}), and its bias set so that the column's mean
   * is a fixed small offset (0.05·(j mod 5 − 2)), which makes a second pass change only the
   * columns that collapsed since. In training mode the network's function of its other
   * parameters is the same shape of function (BatchNorm ignores the bias and the column's
   * scale). A column whose output cancels is redrawn first ({@link #redrawIfCancelling}).
   * With {@code squashToo}, in a stack with a BatchNorm, every Affine feeding a sigmoid
   * or a tanh has its columns scaled up to σ ≥ {@link #SQUASH_SIGMA_TARGET} too (biases kept).
   */
  static void conditionBatchNorm(Network net, float[] x, int batch, boolean squashToo) {
    List<Layer> layers = net.layers();
    boolean anyBatchNorm = layers.stream().anyMatch(l -> l instanceof BatchNorm);
    float[] h = x;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      float[] out = l.forward(h, batch);
      Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
      boolean bn = next instanceof BatchNorm;
      boolean squash = squashToo && anyBatchNorm
          && (next instanceof Sigmoid || next instanceof Tanh);
      if (l instanceof Affine a && (bn || squash)) {
        double target = bn ? SIGMA_TARGET : SQUASH_SIGMA_TARGET;
        int n = a.outputSize();
        float[] w = a.weight().value();
        float[] b = a.bias().value();
        for (int j = 0; j < n; j++) {
          if (bn) {
            redrawIfCancelling(a, h, batch, j, out);
          }
          double mean = 0;
          for (int r = 0; r < batch; r++) {
            mean += out[r * n + j] - b[j];
          }
          mean /= batch;
          double var = 0;
          for (int r = 0; r < batch; r++) {
            double d = out[r * n + j] - b[j] - mean;
            var += d * d;
          }
          double sigma = Math.sqrt(var / batch);
          double s = sigma > 0 && sigma < target ? Math.min(MAX_SCALE, target / sigma) : 1;
          for (int k = 0; k < a.inputSize(); k++) {
            w[k * n + j] = (float) (w[k * n + j] * s);
          }
          if (bn) {
            b[j] = (float) (0.05 * (j % 5 - 2) - s * mean); // column mean in [-0.1, 0.1]
          }
        }
        out = l.forward(h, batch);
      }
      h = out;
    }
  }

  /** The largest mean Σ_k |h_k·W_kj| / σ_j a column feeding a BatchNorm may have. */
  static final double MAX_CANCELLATION = 100;

  /**
   * Redraws column j of the Affine's W (Gaussian, std 1/√fan-in, seeded by the column; at most
   * eight times) while its output cancels: while the mean over rows of Σ_k |h_k·W_kj| exceeds
   * {@link #MAX_CANCELLATION} times the column's σ. The float rounding of the column is about
   * 6e-8·Σ|h·W| and BatchNorm divides it by σ: this suite found a stack with one input feature
   * (every hidden unit a function of one scalar) whose column cancelled 2 267-fold, leaving
   * rounding noise of 1e-4 in x̂ and no step at which the differences were right. out (the
   * layer's output) is recomputed after a redraw.
   */
  static void redrawIfCancelling(Affine a, float[] h, int batch, int j, float[] out) {
    int in = a.inputSize();
    int n = a.outputSize();
    float[] w = a.weight().value();
    SplittableRandom r = new SplittableRandom(0xC0FFEEL * (j + 1) + in);
    for (int attempt = 0; attempt < 8; attempt++) {
      double mean = 0;
      double sum = 0;
      for (int row = 0; row < batch; row++) {
        mean += out[row * n + j];
        for (int k = 0; k < in; k++) {
          sum += Math.abs(h[row * in + k] * w[k * n + j]);
        }
      }
      mean /= batch;
      double var = 0;
      for (int row = 0; row < batch; row++) {
        double d = out[row * n + j] - mean;
        var += d * d;
      }
      double sigma = Math.sqrt(var / batch);
      if (sigma == 0 || sum / batch <= MAX_CANCELLATION * sigma) {
        return; // a constant column (no spread to amplify) or a healthy one
      }
      for (int k = 0; k < in; k++) {
        w[k * n + j] = (float) (r.nextGaussian() / Math.sqrt(in));
      }
      for (int row = 0; row < batch; row++) {
        double s = a.bias().value()[j];
        for (int k = 0; k < in; k++) {
          s += (double) h[row * in + k] * w[k * n + j];
        }
        out[row * n + j] = (float) s;
      }
    }
  }

  /** The largest gap, in nats, between a row's top logit and its label's logit. */
  static final double MAX_LOGIT_GAP = 6;

  /**
   * Scales the last Affine (W and b) down so that no row's label logit is more than
   * {@link #MAX_LOGIT_GAP} below the row's top logit. The loss is −log(p + 1e-7) but
   * SoftmaxWithLoss's backward is (y − t)/batch, the gradient of −log p (as the book's): a row
   * whose label has p ≲ 1e-5 makes the two differ by p/(p + 1e-7), which this suite found as
   * step-independent mismatches of a few per cent (rows with p between 7e-8 and 7e-6 behind
   * BatchNorm stacks whose logits reached ±8). That is the loss's documented form, not a
   * backward bug, so the cases stay where the guard is negligible (p ≥ e⁻⁶/classes).
   */
  static void boundLogits(Network net, float[] x, int batch, int[] labels) {
    int n = net.outputSize();
    float[] z = net.predict(x, batch);
    double gap = 0;
    for (int r = 0; r < batch; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, z[r * n + j]);
      }
      gap = Math.max(gap, max - z[r * n + labels[r]]);
    }
    if (gap > MAX_LOGIT_GAP) {
      Affine last = (Affine) net.layers().get(net.layers().size() - 1);
      float s = (float) (MAX_LOGIT_GAP / gap);
      for (Parameter p : last.parameters()) {
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
          v[i] *= s;
        }
      }
    }
  }

}
