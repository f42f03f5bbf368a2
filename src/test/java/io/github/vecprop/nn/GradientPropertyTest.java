package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property: for random architectures, batches, inputs and labels, every parameter's analytic
 * gradient matches central differences — for the whole network and for each of its layers
 * checked alone (input gradients included).
 *
 * <p>Generators (all from one case seed): 1–3 hidden layers of 1–70 units, ReLU or Sigmoid;
 * input size 1–24; 2–10 classes; batch 1–37; inputs uniform in [−1, 1]; weights Gaussian(0.1 or
 * 0.2), Xavier or He; biases uniform in [−0.1, 0.1]; class-index or one-hot labels.
 *
 * <p>Steps: layers alone use {@link GradientCheck#DEFAULT_STEP}; ReLU networks
 * {@link GradientCheck#DEFAULT_NETWORK_STEP}; sigmoid networks, smooth everywhere, the larger
 * layer step, which divides the float rounding of long sums by more.
 *
 * <p>The ReLU kink: a central difference straddling z = 0 is meaningless. For ReLU networks each
 * hidden bias b_j is moved (only when needed, to the nearest admissible value) so that every
 * pre-activation of column j in the batch is at least {@link #KINK_MARGIN} = 25 network steps
 * (5 layer steps) from 0;
 * a step of h moves a pre-activation by about h·|input|, far less than the margin.
 *
 * <p>Replay: every failure prints its case seed; {@code mvn test -Dtest=GradientPropertyTest
 * -Dvecprop.seed=<seed> -Dvecprop.cases=1} runs exactly that case. On failure, cases with
 * halved shapes are tried first and the smallest failing one is reported. Runs under whichever
 * kernel implementation the JVM picked (CI runs the suite with and without
 * {@code -Dvecprop.simd=off}), and says which in the report.
 */
class GradientPropertyTest {
  static final long DEFAULT_SEED = 0x5EED_2024L;
  static final int DEFAULT_CASES = 200;
  static final double STEP = GradientCheck.DEFAULT_NETWORK_STEP;
  static final double KINK_MARGIN = 25 * STEP;
  /**
   * Central differences per parameter per case: a seeded sample of this many elements (tensors
   * this small are checked whole), so 200 cases stay fast on the scalar kernels too. Everything
   * else (repeatability, zero upstream) covers every element, and BrokenBackwardTest and
   * NetworkTest check every element.
   */
  static final int MAX_ELEMENTS = 48;
  static final double SIGMOID_NETWORK_STEP = GradientCheck.DEFAULT_STEP;

  /** A generated case: shapes and choices; every value is derived from the seed. */
  static final class Case {
    final long seed;
    final int in;
    final int[] hidden;
    final int classes;
    final int batch;
    final Activation act;
    final int initKind;
    final boolean oneHot;

    Case(long seed, int in, int[] hidden, int classes, int batch, Activation act, int initKind,
        boolean oneHot) {
      this.seed = seed;
      this.in = in;
      this.hidden = hidden;
      this.classes = classes;
      this.batch = batch;
      this.act = act;
      this.initKind = initKind;
      this.oneHot = oneHot;
    }

    static Case draw(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      int depth = 1 + r.nextInt(3);
      int[] hidden = new int[depth];
      for (int i = 0; i < depth; i++) {
        hidden[i] = 1 + r.nextInt(70);
      }
      return new Case(seed, 1 + r.nextInt(24), hidden, 2 + r.nextInt(9), 1 + r.nextInt(37),
          r.nextBoolean() ? Activation.RELU : Activation.SIGMOID, r.nextInt(4), r.nextBoolean());
    }

    WeightInit init() {
      switch (initKind) {
        case 0:
          return WeightInit.gaussian(0.1);
        case 1:
          return WeightInit.gaussian(0.2);
        case 2:
          return WeightInit.xavier();
        default:
          return WeightInit.he();
      }
    }

    int[] sizes() {
      int[] s = new int[hidden.length + 2];
      s[0] = in;
      System.arraycopy(hidden, 0, s, 1, hidden.length);
      s[s.length - 1] = classes;
      return s;
    }

    /** Smaller variants: everything halved, then each dimension halved alone. */
    List<Case> halvings() {
      List<Case> out = new ArrayList<>();
      int[] hh = hidden.clone();
      for (int i = 0; i < hh.length; i++) {
        hh[i] = half(hh[i], 1);
      }
      add(out, new Case(seed, half(in, 1), hh, half(classes, 2), half(batch, 1), act, initKind,
          oneHot));
      if (hidden.length > 1) {
        add(out, new Case(seed, in, Arrays.copyOf(hidden, hidden.length - 1), classes, batch, act,
            initKind, oneHot));
      }
      add(out, new Case(seed, in, hidden, classes, half(batch, 1), act, initKind, oneHot));
      add(out, new Case(seed, half(in, 1), hidden, classes, batch, act, initKind, oneHot));
      for (int i = 0; i < hidden.length; i++) {
        int[] h1 = hidden.clone();
        h1[i] = half(h1[i], 1);
        add(out, new Case(seed, in, h1, classes, batch, act, initKind, oneHot));
      }
      add(out, new Case(seed, in, hidden, half(classes, 2), batch, act, initKind, oneHot));
      return out;
    }

    private void add(List<Case> out, Case c) {
      if (!c.toString().equals(toString())) {
        out.add(c);
      }
    }

    private static int half(int v, int min) {
      return Math.max(min, v / 2);
    }

    @Override
    public String toString() {
      return "seed " + seed + ": sizes " + Arrays.toString(sizes()) + " " + act.id() + " init "
          + init() + " batch " + batch + (oneHot ? " one-hot" : " index") + " labels";
    }
  }

  /** The network and data of a case, kink-cleared for ReLU. */
  static final class Built {
    final Network net;
    final float[] x;
    final int[] labels;
    final float[] oneHot;

    Built(Case c) {
      net = new Network(c.sizes(), c.act, c.init(), c.seed);
      SplittableRandom r = new SplittableRandom(c.seed ^ 0xDA7AL);
      x = new float[c.batch * c.in];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (2 * r.nextDouble() - 1);
      }
      labels = new int[c.batch];
      oneHot = new float[c.batch * c.classes];
      for (int i = 0; i < c.batch; i++) {
        labels[i] = r.nextInt(c.classes);
        oneHot[i * c.classes + labels[i]] = 1f;
      }
      for (Parameter p : net.parameters()) {
        if (p.name().startsWith("b")) {
          for (int j = 0; j < p.size(); j++) {
            p.value()[j] = (float) (0.2 * r.nextDouble() - 0.1);
          }
        }
      }
      if (c.act == Activation.RELU) {
        clearKinks(net, x, c.batch);
      }
    }

    void checkNetwork(GradientCheck check) {
      if (oneHotMode()) {
        check.checkNetwork(net, x, batch(), oneHot);
      } else {
        check.checkNetwork(net, x, batch(), labels);
      }
    }

    boolean oneHotMode;

    boolean oneHotMode() {
      return oneHotMode;
    }

    int batch() {
      return labels.length;
    }
  }

  /** Moves each ReLU layer's biases so no pre-activation in the batch is within the margin. */
  static void clearKinks(Network net, float[] x, int batch) {
    float[] h = x;
    List<Layer> layers = net.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      float[] out = l.forward(h, batch);
      if (l instanceof Affine && i + 1 < layers.size() && layers.get(i + 1) instanceof Relu) {
        Affine a = (Affine) l;
        float[] b = a.bias().value();
        int n = a.outputSize();
        double[] u = new double[batch];
        for (int j = 0; j < n; j++) {
          for (int r = 0; r < batch; r++) {
            u[r] = out[r * n + j] - b[j];
          }
          b[j] = (float) -admissible(u, -b[j], KINK_MARGIN);
        }
        out = l.forward(h, batch);
      }
      h = out;
    }
  }

  /** The point nearest c that is at least margin from every u (plus 1% for float slack). */
  static double admissible(double[] u, double c, double margin) {
    double m = 0.5 * 1.01 * margin;
    if (clear(u, c, m)) {
      return c;
    }
    double[] s = u.clone();
    Arrays.sort(s);
    double best = s[0] - 2 * m;
    double bestD = Math.abs(best - c);
    double hi = s[s.length - 1] + 2 * m;
    if (Math.abs(hi - c) < bestD) {
      best = hi;
      bestD = Math.abs(hi - c);
    }
    for (int k = 0; k + 1 < s.length; k++) {
      if (s[k + 1] - s[k] >= 4 * m) {
        double lo = s[k] + 2 * m;
        double up = s[k + 1] - 2 * m;
        double cand = Math.min(Math.max(c, lo), up);
        if (Math.abs(cand - c) < bestD) {
          best = cand;
          bestD = Math.abs(cand - c);
        }
      }
    }
    return best;
  }

  private static boolean clear(double[] u, double c, double m) {
    for (double v : u) {
      if (Math.abs(v - c) < 2 * m) {
        return false;
      }
    }
    return true;
  }

  /** Runs every check of one case; throws on the first failure. */
  static void runCase(Case c) {
    Built b = new Built(c);
    b.oneHotMode = c.oneHot;
    GradientCheck check = GradientCheck.withSeed(c.seed).withMaxElementsPerParameter(MAX_ELEMENTS);
    // Sigmoid networks have no kink, so they take the larger step: less float noise.
    b.checkNetwork(c.act == Activation.SIGMOID ? check.withStep(SIGMOID_NETWORK_STEP) : check);

    // Each layer alone, on the input it sees inside the network.
    List<Layer> layers = b.net.layers();
    float[] h = b.x.clone();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      boolean first = i == 0;
      if (first) {
        ((Affine) l).setComputeInputGradient(true);
      }
      try {
        check.checkLayer(l, h, c.batch);
      } finally {
        if (first) {
          ((Affine) l).setComputeInputGradient(false);
        }
      }
      h = Arrays.copyOf(l.forward(h, c.batch), c.batch * l.outputSize());
    }
    SoftmaxWithLoss loss = b.net.lossLayer();
    if (c.oneHot) {
      check.checkLoss(loss, h, c.batch, b.oneHot);
    } else {
      check.checkLoss(loss, h, c.batch, b.labels);
    }
  }

  @Test
  void everyParameterMatchesCentralDifferences() {
    long base = TestSeeds.baseSeed(DEFAULT_SEED);
    int cases = TestSeeds.cases(DEFAULT_CASES);
    int relu = 0;
    for (int k = 0; k < cases; k++) {
      long seed = TestSeeds.caseSeed(base, k);
      Case c = Case.draw(seed);
      if (c.act == Activation.RELU) {
        relu++;
      }
      try {
        runCase(c);
      } catch (AssertionError | RuntimeException e) {
        throw report(k, base, c, e);
      }
    }
    assertTrue(cases < 20 || (relu > cases / 4 && relu < 3 * cases / 4),
        "the generator should draw both activations, drew ReLU " + relu + "/" + cases);
  }

  /** Shrinks by halving shapes, then builds the message with both cases and the replay line. */
  static AssertionError report(int k, long base, Case original, Throwable failure) {
    Case smallest = original;
    Throwable smallestFailure = failure;
    int steps = 0;
    boolean progress = true;
    while (progress && steps < 40) {
      progress = false;
      for (Case smaller : smallest.halvings()) {
        try {
          runCase(smaller);
        } catch (AssertionError | RuntimeException e) {
          smallest = smaller;
          smallestFailure = e;
          steps++;
          progress = true;
          break;
        }
      }
    }
    String msg = "gradient property failed on case #" + k + " of base seed " + base
        + " (kernels: " + Kernels.implementation() + ")\n  case:     " + original
        + "\n  replay:   -Dvecprop.seed=" + original.seed + " -Dvecprop.cases=1"
        + "\n  failure:  " + failure.getMessage()
        + "\n  shrunk (" + steps + " halvings): " + smallest
        + "\n  shrunk failure: " + smallestFailure.getMessage();
    AssertionError e = new AssertionError(msg, smallestFailure);
    e.addSuppressed(failure);
    return e;
  }
}
