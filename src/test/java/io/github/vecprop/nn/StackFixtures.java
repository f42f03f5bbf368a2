package io.github.vecprop.nn;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded data and set-up shared by the tests of layer stacks (BatchNorm, Dropout, Tanh, weight
 * decay, users' own layers): uniform arrays, random biases and BatchNorm γ/β, frozen Dropout
 * masks, and kink clearing for a ReLU that follows an Affine <em>or</em> a BatchNorm.
 */
final class StackFixtures {
  private StackFixtures() {}

  /** n floats uniform in [lo, hi) from the seed. */
  static float[] uniform(int n, long seed, double lo, double hi) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return v;
  }

  /** n class indices in [0, classes) from the seed. */
  static int[] labels(int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = r.nextInt(classes);
    }
    return t;
  }

  /** One-hot rows of the labels. */
  static float[] oneHot(int[] t, int classes) {
    float[] o = new float[t.length * classes];
    for (int i = 0; i < t.length; i++) {
      o[i * classes + t[i]] = 1f;
    }
    return o;
  }

  /**
   * Moves every parameter off its initial value where the initial value would make a check
   * weak: biases uniform in [−0.1, 0.1], γ in [0.5, 1.5], β in [−0.2, 0.2] (a γ of exactly one
   * and a β of zero would hide a dγ or dβ that ignores them).
   */
  static void perturbNonWeights(Network net, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0xB1A5L);
    for (Layer l : net.layers()) {
      if (l instanceof Affine a) {
        fill(a.bias().value(), r, -0.1, 0.1);
      } else if (l instanceof BatchNorm b) {
        fill(b.gamma().value(), r, 0.5, 1.5);
        fill(b.beta().value(), r, -0.2, 0.2);
      }
    }
  }

  private static void fill(float[] v, SplittableRandom r, double lo, double hi) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
  }

  /** Freezes (or thaws) the mask of every Dropout in the network. */
  static void freezeDropout(Network net, boolean frozen) {
    for (Layer l : net.layers()) {
      if (l instanceof Dropout d) {
        d.setMaskFrozen(frozen);
      }
    }
  }

  /**
   * The largest 1/σ the kink margin is scaled by. A column of (nearly) zero spread — every row
   * the same, e.g. all its inputs dropped — has 1/σ up to 1/√ε = 1000, but no perturbation moves
   * its rows apart, so scaling the margin by it would only push β (and the logits) far out.
   */
  static final double MAX_INVERSE_SIGMA = 10;

  /**
   * For every ReLU, shifts the bias of the Affine or the β of the BatchNorm just before it (to
   * the nearest admissible value, only when needed) so that every pre-activation of the batch is
   * at least {@code margin × gain} from 0, where the gain is γ_j/σ_j for a BatchNorm column
   * (σ_j the batch standard deviation in training mode, √(running variance + ε) at inference,
   * 1/σ_j capped at {@link #MAX_INVERSE_SIGMA}; at least 1) times the largest |input| of the
   * Affine feeding it. A ReLU after any other layer is not supported (the stacks here never
   * have one). Dropout masks should be frozen first, so the check later sees the masks cleared
   * here.
   */
  static void clearKinks(Network net, float[] x, int batch, double margin) {
    clearKinks(net, x, batch, margin, 0);
  }

  /** How many times the probed movement a pre-activation must stay from 0 (see below). */
  static final double PROBE_FACTOR = 3;

  /**
   * {@link #clearKinks(Network, float[], int, double)}, and when {@code probeStep} is positive
   * the margin of each column is also at least {@link #PROBE_FACTOR} times how far its
   * pre-activations move when every parameter of the network is moved by ±probeStep at once
   * (two seeded random sign patterns, parameters restored bit for bit): a measured gain, for
   * stacks whose sensitivity the γ/σ estimate misses (a narrow layer early, BatchNorms that
   * re-expand what it squeezed).
   */
  static void clearKinks(Network net, float[] x, int batch, double margin, double probeStep) {
    List<Layer> layers = net.layers();
    float[] h = x;
    float[] prevIn = x;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      float[] out = l.forward(h, batch);
      if (i + 1 < layers.size() && layers.get(i + 1) instanceof Relu) {
        float[] shift;
        double[] gain = new double[l.outputSize()];
        java.util.Arrays.fill(gain, 1);
        if (l instanceof Affine a) {
          shift = a.bias().value();
        } else if (l instanceof BatchNorm b) {
          shift = b.beta().value();
          double in = i == 0 ? 1 : maxAbs(prevIn, batch * layers.get(i - 1).inputSize());
          double[] sigma = sigma(b, h, batch);
          for (int j = 0; j < gain.length; j++) {
            gain[j] = Math.max(1, b.gamma().value()[j] * Math.min(1 / sigma[j], MAX_INVERSE_SIGMA)
                * Math.max(1, in));
          }
        } else {
          throw new IllegalArgumentException("a ReLU after " + l + " is not supported");
        }
        int n = l.outputSize();
        double[] moved = probeStep > 0 ? probe(net, x, batch, i, probeStep) : new double[n];
        out = l.forward(h, batch);
        double[] u = new double[batch];
        for (int j = 0; j < n; j++) {
          for (int r = 0; r < batch; r++) {
            u[r] = out[r * n + j] - shift[j];
          }
          double m = Math.max(margin * gain[j], PROBE_FACTOR * moved[j]);
          shift[j] = (float) -GradientPropertyTest.admissible(u, -shift[j], m);
        }
        out = l.forward(h, batch);
      }
      prevIn = h;
      h = out;
    }
  }

  /**
   * Per column of layers[upTo]'s output, the largest movement (over rows and two random sign
   * patterns) when every parameter moves by ±step; the parameters are restored and layers
   * 0..upTo re-run unperturbed afterwards, so their buffers hold what they held.
   */
  static double[] probe(Network net, float[] x, int batch, int upTo, double step) {
    List<Layer> layers = net.layers();
    int n = layers.get(upTo).outputSize();
    float[] base = java.util.Arrays.copyOf(forwardTo(layers, x, batch, upTo), batch * n);
    float[][] saved = net.copyParameters();
    double[] moved = new double[n];
    try {
      for (int d = 0; d < 2; d++) {
        SplittableRandom r = new SplittableRandom(0x9B0BEL + 31L * upTo + d);
        for (Parameter p : net.parameters()) {
          float[] v = p.value();
          for (int k = 0; k < v.length; k++) {
            v[k] = (float) (v[k] + (r.nextBoolean() ? step : -step));
          }
        }
        float[] o = forwardTo(layers, x, batch, upTo);
        for (int i = 0; i < batch * n; i++) {
          moved[i % n] = Math.max(moved[i % n], Math.abs(o[i] - base[i]));
        }
        net.loadParameters(saved);
      }
    } finally {
      net.loadParameters(saved);
      forwardTo(layers, x, batch, upTo);
    }
    return moved;
  }

  private static float[] forwardTo(List<Layer> layers, float[] x, int batch, int upTo) {
    float[] h = x;
    for (int i = 0; i <= upTo; i++) {
      h = layers.get(i).forward(h, batch);
    }
    return h;
  }

  /** σ per column of the BatchNorm's input as the layer sees it in its current mode. */
  static double[] sigma(BatchNorm b, float[] in, int batch) {
    int n = b.inputSize();
    double[] s = new double[n];
    for (int j = 0; j < n; j++) {
      if (b.isTraining()) {
        double mean = 0;
        for (int r = 0; r < batch; r++) {
          mean += in[r * n + j];
        }
        mean /= batch;
        double var = 0;
        for (int r = 0; r < batch; r++) {
          double d = in[r * n + j] - mean;
          var += d * d;
        }
        s[j] = Math.sqrt(var / batch + BatchNorm.EPSILON);
      } else {
        s[j] = Math.sqrt(b.runningVariance()[j] + (double) BatchNorm.EPSILON);
      }
    }
    return s;
  }

  static double maxAbs(float[] v, int n) {
    double m = 0;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, Math.abs(v[i]));
    }
    return m;
  }

  /** Bit-for-bit equality of two float arrays' first n elements (NaN payloads included). */
  static boolean sameBits(float[] a, float[] b, int n) {
    for (int i = 0; i < n; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }
}
