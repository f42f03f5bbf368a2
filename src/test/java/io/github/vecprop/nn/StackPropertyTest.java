package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property: for random stacks drawn from the whole layer set, every parameter's analytic
 * gradient matches central differences — for the whole network and for each layer checked
 * alone on the input it sees inside the network (input gradients included), and the loss
 * layer — and a check leaves every parameter (and, at inference, every running statistic) bit
 * for bit as it found it.
 *
 * <p>Generators (all from one case seed): input size 1–24; 1–3 hidden blocks, each
 * {@code affine:1–70}, then BatchNorm with probability ½, then ReLU, Sigmoid or Tanh, then
 * Dropout (p in [0.1, 0.6]) with probability ½; then {@code affine:2–10}; weight decay off
 * (½) or λ ∈ {0.01, 0.1, 0.5}; batch 1–37; training mode (⅔) or inference mode (⅓, after
 * {@link #WARM_UP} training forwards of other batches, so the running statistics are not
 * zero); weights Gaussian(0.1 or 0.2), Xavier or He; biases in [−0.1, 0.1], γ in [0.5, 1.5],
 * β in [−0.2, 0.2]; class-index or one-hot labels. BatchNorm sits between the Affine and the
 * activation, the book's {@code MultiLayerNetExtend} order.
 *
 * <p><b>Batch 1.</b> A training-mode BatchNorm over one row normalises every feature to 0
 * (y = β, the input gradient is 0): a degenerate function. A case that draws batch 1 for a
 * stack with BatchNorm therefore runs in inference mode, where one row is meaningful;
 * {@code BatchNormModeTest} pins the one-row training edge itself, and
 * {@link #batchOneWithBatchNormRunsInInferenceMode} makes sure such cases run.
 *
 * <p><b>Steps.</b> Networks with a ReLU or a BatchNorm take
 * {@link GradientCheck#DEFAULT_NETWORK_STEP} (a BatchNorm divides a step by σ: at inference
 * the 1e-2 layer step left a truncation error of 3–4 %); other smooth stacks the layer step, as
 * {@link GradientPropertyTest}. A BatchNorm alone in training mode takes
 * min(layer step, 0.05·σ_min), σ_min its smallest column σ in the batch: its output saturates
 * within a step of the column spread. Dropout masks are frozen for the whole case. A check that
 * reports a mismatch is run again at the other default step and then at 5e-4
 * ({@link #atEitherStep}): at 2e-3, stacks where sigmoids have squeezed the rows together and
 * a BatchNorm spreads them out again can be limited by float rounding (the numeric value
 * wanders by 10× across steps 1e-2…2e-5 while the analytic one is right at 1e-2); at 1e-2 and
 * even 2e-3, the same stacks with the BatchNorm at inference can be limited by truncation (a
 * coherent shift of the squeezed rows is divided by the small running σ; right from 5e-4
 * down). A wrong backward fails at every step
 * ({@link #theStepLadderStillCatchesWrongBackwardPasses}).
 *
 * <p><b>Known residue.</b> Surveys of 14 000 cases over four base seeds (the harness above was
 * built from their failures, each traced to truncation, rounding, a kink or the log guard by
 * varying the step) leave about one case in 5 000 failing: a whole layer dead or dropped ahead
 * of a training-mode BatchNorm, whose input columns are then constant over the batch, so its
 * backward multiplies the float rounding of dout's mean by γ/√ε = 1000·γ (an analytic bias
 * gradient of 3e-4 where the true one is 0). The default seed's cases draw none; a replayed
 * seed that hits one shows it in the case (a width-1 layer, usually) and in analytic values that
 * are small multiples of 2⁻¹⁵.
 *
 * <p><b>Conditioning.</b> Before the kinks are cleared, each Affine feeding a BatchNorm is
 * reparametrised so that the BatchNorm's input columns have σ ≥
 * {@link StackConditioning#SIGMA_TARGET} and a mean near zero, and in such stacks every
 * sigmoid's and tanh's input σ ≥ {@link StackConditioning#SQUASH_SIGMA_TARGET}; a column feeding
 * a BatchNorm whose sum cancels more than {@link StackConditioning#MAX_CANCELLATION}-fold is
 * redrawn ({@link StackConditioning#conditionBatchNorm}): float central differences through a
 * column of tiny σ measure rounding noise amplified by 1/σ, not the gradient.
 *
 * <p><b>Logits.</b> The last Affine is scaled so that every label logit is within
 * {@link StackConditioning#MAX_LOGIT_GAP} of its row's top logit
 * ({@link StackConditioning#boundLogits}): away from the 1e-7 guard, where the loss and its
 * backward are different functions by design.
 *
 * <p><b>Kinks.</b> Every ReLU's input is moved (bias of the Affine, or β of the BatchNorm,
 * before it) at least {@link GradientPropertyTest#KINK_MARGIN} times the BatchNorm's gain from 0,
 * and at least three times as far as it moves when every parameter moves by ±2e-3 at once
 * ({@link StackFixtures#clearKinks(Network, float[], int, double, double)}).
 *
 * <p><b>Replay.</b> A failure prints the case and its seed; {@code mvn test
 * -Dtest=StackPropertyTest -Dvecprop.seed=<seed> -Dvecprop.cases=1} runs exactly that case.
 * Failures are shrunk first by halving shapes and by removing BatchNorm, Dropout, weight decay
 * and inference mode one at a time; the smallest failing case is reported with the original.
 */
class StackPropertyTest {
  static final long DEFAULT_SEED = 0x57AC_2026L;
  static final int DEFAULT_CASES = 200;
  static final int MAX_ELEMENTS = GradientPropertyTest.MAX_ELEMENTS;
  static final double[] DECAYS = {0.01, 0.1, 0.5};
  /**
   * Training forwards (of 8–31 rows) before an inference-mode case: the running statistics
   * start at zero and reach 1 − 0.9²⁰ ≈ 88 % of the batch statistics; after only five (41 %) the
   * running σ was small enough to make some inference cases truncation-limited at every step.
   */
  static final int WARM_UP = 20;

  /** One hidden block: affine:width, [batchnorm], activation, [dropout:p]. */
  record Block(int width, boolean batchNorm, Activation act, float dropout) {
    @Override
    public String toString() {
      return "affine:" + width + (batchNorm ? ",batchnorm" : "") + "," + act.id()
          + (dropout > 0 ? ",dropout:" + dropout : "");
    }
  }

  /** A generated case; the mode rule for batch 1 is applied in the constructor. */
  static final class Case {
    final long seed;
    final int in;
    final List<Block> blocks;
    final int classes;
    final int batch;
    final float decay;
    final boolean inference;
    final boolean forcedInference;
    final int initKind;
    final boolean oneHot;

    Case(long seed, int in, List<Block> blocks, int classes, int batch, float decay,
        boolean inference, int initKind, boolean oneHot) {
      this.seed = seed;
      this.in = in;
      this.blocks = List.copyOf(blocks);
      this.classes = classes;
      this.batch = batch;
      this.decay = decay;
      this.forcedInference = !inference && batch == 1 && hasBatchNorm();
      this.inference = inference || forcedInference;
      this.initKind = initKind;
      this.oneHot = oneHot;
    }

    static Case draw(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      int in = 1 + r.nextInt(24);
      int depth = 1 + r.nextInt(3);
      List<Block> blocks = new ArrayList<>();
      for (int i = 0; i < depth; i++) {
        int width = 1 + r.nextInt(70);
        boolean bn = r.nextBoolean();
        Activation act = Activation.values()[r.nextInt(3)];
        float p = r.nextBoolean() ? 0f : (float) Math.round(10 + 50 * r.nextDouble()) / 100f;
        blocks.add(new Block(width, bn, act, p));
      }
      int classes = 2 + r.nextInt(9);
      int batch = 1 + r.nextInt(37);
      float decay = r.nextBoolean() ? 0f : (float) DECAYS[r.nextInt(DECAYS.length)];
      boolean inference = r.nextInt(3) == 0;
      return new Case(seed, in, blocks, classes, batch, decay, inference, r.nextInt(4),
          r.nextBoolean());
    }

    boolean hasBatchNorm() {
      return blocks.stream().anyMatch(Block::batchNorm);
    }

    boolean has(Activation a) {
      return blocks.stream().anyMatch(b -> b.act() == a);
    }

    boolean hasDropout() {
      return blocks.stream().anyMatch(b -> b.dropout() > 0);
    }

    WeightInit init() {
      return switch (initKind) {
        case 0 -> WeightInit.gaussian(0.1);
        case 1 -> WeightInit.gaussian(0.2);
        case 2 -> WeightInit.xavier();
        default -> WeightInit.he();
      };
    }

    String spec() {
      StringBuilder sb = new StringBuilder();
      for (Block b : blocks) {
        sb.append(b).append(',');
      }
      return sb.append("affine:").append(classes).toString();
    }

    Case with(int in2, List<Block> blocks2, int classes2, int batch2, float decay2,
        boolean inference2) {
      return new Case(seed, in2, blocks2, classes2, batch2, decay2, inference2, initKind, oneHot);
    }

    /** Smaller variants: all halved, one dimension halved, one feature removed. */
    List<Case> shrinks() {
      List<Case> out = new ArrayList<>();
      List<Block> halved = new ArrayList<>();
      for (Block b : blocks) {
        halved.add(new Block(half(b.width()), b.batchNorm(), b.act(), b.dropout()));
      }
      add(out, with(half(in), halved, Math.max(2, classes / 2), half(batch), decay, inference));
      if (blocks.size() > 1) {
        add(out, with(in, blocks.subList(0, blocks.size() - 1), classes, batch, decay,
            inference));
      }
      add(out, with(in, blocks, classes, half(batch), decay, inference && !forcedInference));
      add(out, with(half(in), blocks, classes, batch, decay, inference));
      add(out, with(in, blocks, Math.max(2, classes / 2), batch, decay, inference));
      for (int i = 0; i < blocks.size(); i++) {
        Block b = blocks.get(i);
        List<Block> v = new ArrayList<>(blocks);
        v.set(i, new Block(half(b.width()), b.batchNorm(), b.act(), b.dropout()));
        add(out, with(in, v, classes, batch, decay, inference));
        if (b.batchNorm()) {
          v = new ArrayList<>(blocks);
          v.set(i, new Block(b.width(), false, b.act(), b.dropout()));
          add(out, with(in, v, classes, batch, decay, inference && !forcedInference));
        }
        if (b.dropout() > 0) {
          v = new ArrayList<>(blocks);
          v.set(i, new Block(b.width(), b.batchNorm(), b.act(), 0f));
          add(out, with(in, v, classes, batch, decay, inference));
        }
      }
      if (decay > 0) {
        add(out, with(in, blocks, classes, batch, 0f, inference));
      }
      if (inference && !forcedInference) {
        add(out, with(in, blocks, classes, batch, decay, false));
      }
      return out;
    }

    private void add(List<Case> out, Case c) {
      if (!c.toString().equals(toString())) {
        out.add(c);
      }
    }

    private static int half(int v) {
      return Math.max(1, v / 2);
    }

    @Override
    public String toString() {
      return "seed " + seed + ": in " + in + " " + spec() + (decay > 0 ? " decay " + decay : "")
          + " init " + init() + " batch " + batch + (inference ? " inference" : " training")
          + (forcedInference ? " (batch 1 with BatchNorm)" : "") + " mode, "
          + (oneHot ? "one-hot" : "index") + " labels";
    }
  }

  /** A case's network, conditioned and kink-cleared, in its mode, with its data. */
  record Prepared(Network net, float[] x, int[] labels, float[] oneHot) {}

  /** Builds the case's network and data and prepares them for the checks. */
  static Prepared prepare(Case c) {
    Network net = Network.builder(c.in).init(c.init()).layers(c.spec()).weightDecay(c.decay)
        .build(c.seed);
    StackFixtures.perturbNonWeights(net, c.seed);
    SplittableRandom r = new SplittableRandom(c.seed ^ 0xDA7AL);
    float[] x = StackFixtures.uniform(c.batch * c.in, r.nextLong(), -1, 1);
    int[] labels = StackFixtures.labels(c.batch, c.classes, r.nextLong());
    float[] oneHot = StackFixtures.oneHot(labels, c.classes);
    // Training-mode cases are conditioned on the check batch itself (its statistics are the
    // ones the check normalises with; masks frozen first so the conditioning sees the check's
    // masks), inference-mode cases on a calibration batch like the warm-up batches.
    if (!c.inference) {
      StackFixtures.freezeDropout(net, true);
      StackConditioning.conditionBatchNorm(net, x, c.batch, true);
    } else {
      int cal = 24;
      float[] calibration = StackFixtures.uniform(cal * c.in, r.nextLong(), -1, 1);
      StackConditioning.conditionBatchNorm(net, calibration, cal, true);
    }
    if (c.inference) {
      for (int k = 0; k < WARM_UP; k++) {
        int b = 8 + r.nextInt(24);
        net.predict(StackFixtures.uniform(b * c.in, r.nextLong(), -1, 1), b);
      }
      net.setTraining(false);
    }
    StackFixtures.freezeDropout(net, true);
    StackFixtures.clearKinks(net, x, c.batch, GradientPropertyTest.KINK_MARGIN,
        GradientCheck.DEFAULT_NETWORK_STEP);
    if (!c.inference) {
      // Clearing a kink upstream can collapse a column downstream: condition the BatchNorm
      // inputs once more (in training mode BatchNorm's output, hence every cleared ReLU input,
      // does not move; the sigmoid/tanh inputs are left alone, which would move them).
      StackConditioning.conditionBatchNorm(net, x, c.batch, false);
    }
    StackConditioning.boundLogits(net, x, c.batch, labels);

    return new Prepared(net, x, labels, oneHot);
  }

  /** Builds the case's network and data and runs every check; throws on the first failure. */
  static void runCase(Case c) {
    Prepared p0 = prepare(c);
    Network net = p0.net();
    float[] x = p0.x();
    int[] labels = p0.labels();
    float[] oneHot = p0.oneHot();
    GradientCheck check = GradientCheck.withSeed(c.seed).withMaxElementsPerParameter(MAX_ELEMENTS);
    GradientCheck netCheck = check.withStep(c.has(Activation.RELU) || c.hasBatchNorm()
        ? GradientCheck.DEFAULT_NETWORK_STEP : GradientCheck.DEFAULT_STEP);
    float[][] params = net.copyParameters();
    List<float[]> stats = runningStatistics(net);
    atEitherStep(netCheck, g -> {
      if (c.oneHot) {
        g.checkNetwork(net, x, c.batch, oneHot);
      } else {
        g.checkNetwork(net, x, c.batch, labels);
      }
    });
    float[][] after = net.copyParameters();
    for (int p = 0; p < params.length; p++) {
      assertTrue(StackFixtures.sameBits(params[p], after[p], params[p].length),
          "checkNetwork restored " + net.parameters().get(p).name() + " bit for bit");
    }
    if (c.inference) {
      List<float[]> statsAfter = runningStatistics(net);
      for (int i = 0; i < stats.size(); i++) {
        assertArrayEquals(stats.get(i), statsAfter.get(i), 0f,
            "an inference-mode check moved no running statistic");
      }
    }
    assertEquals(!c.inference, net.isTraining(), "the check left the mode as it was");

    // Each layer alone, on the input it sees inside the network (masks frozen again: the
    // network check thawed them on its way out).
    StackFixtures.freezeDropout(net, true);
    List<Layer> layers = net.layers();
    float[] h = x.clone();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      Affine first = i == 0 ? (Affine) l : null;
      if (first != null) {
        first.setComputeInputGradient(true);
      }
      try {
        float[] in = h;
        atEitherStep(layerCheck(check, l, h, c.batch), g -> g.checkLayer(l, in, c.batch));
      } finally {
        if (first != null) {
          first.setComputeInputGradient(false);
        }
      }
      h = Arrays.copyOf(l.forward(h, c.batch), c.batch * l.outputSize());
    }
    if (c.oneHot) {
      check.checkLoss(net.lossLayer(), h, c.batch, oneHot);
    } else {
      check.checkLoss(net.lossLayer(), h, c.batch, labels);
    }
  }

  /** The last step a mismatch is retried at, after the check's own and the other default. */
  static final double FINE_STEP = 5e-4;

  /**
   * Runs a check at its step (set explicitly, so that {@code step()} is the step used for
   * layers and networks alike) and, only when that reports a MISMATCH, again at the other of
   * the two default steps (1e-2 ↔ 2e-3) and then at {@link #FINE_STEP}; the first failure is
   * thrown, with the others suppressed in it, when all fail. A wrong backward is wrong at every
   * step; a central difference is either truncation-limited (better at a smaller step) or
   * rounding-limited (better at a larger one), and which one a random stack is cannot be told
   * in advance.
   */
  static void atEitherStep(GradientCheck first, java.util.function.Consumer<GradientCheck> run) {
    try {
      run.accept(first);
    } catch (GradientCheckFailure f) {
      if (f.kind() != GradientCheckFailure.Kind.MISMATCH) {
        throw f;
      }
      double other = first.step() == GradientCheck.DEFAULT_STEP
          ? GradientCheck.DEFAULT_NETWORK_STEP : GradientCheck.DEFAULT_STEP;
      for (double h : new double[] {other, FINE_STEP}) {
        try {
          run.accept(first.withStep(h));
          return;
        } catch (GradientCheckFailure g) {
          f.addSuppressed(g);
        }
      }
      throw f;
    }
  }

  /** The layer step, or for a training-mode BatchNorm min(step, 0.05·σ_min). */
  static GradientCheck layerCheck(GradientCheck check, Layer l, float[] h, int batch) {
    if (l instanceof BatchNorm b && b.isTraining()) {
      double min = Double.POSITIVE_INFINITY;
      for (double s : StackFixtures.sigma(b, h, batch)) {
        min = Math.min(min, s);
      }
      return check.withStep(Math.min(GradientCheck.DEFAULT_STEP, 0.05 * min));
    }
    return check.withStep(GradientCheck.DEFAULT_STEP);
  }

  static List<float[]> runningStatistics(Network net) {
    List<float[]> s = new ArrayList<>();
    for (Layer l : net.layers()) {
      if (l instanceof BatchNorm b) {
        s.add(b.runningMean().clone());
        s.add(b.runningVariance().clone());
      }
    }
    return s;
  }

  @Test
  void everyStackMatchesCentralDifferences() {
    long base = TestSeeds.baseSeed(DEFAULT_SEED);
    int cases = TestSeeds.cases(DEFAULT_CASES);
    int[] seen = new int[8];
    for (int k = 0; k < cases; k++) {
      Case c = Case.draw(TestSeeds.caseSeed(base, k));
      seen[0] += c.hasBatchNorm() ? 1 : 0;
      seen[1] += c.hasDropout() ? 1 : 0;
      seen[2] += c.has(Activation.RELU) ? 1 : 0;
      seen[3] += c.has(Activation.SIGMOID) ? 1 : 0;
      seen[4] += c.has(Activation.TANH) ? 1 : 0;
      seen[5] += c.decay > 0 ? 1 : 0;
      seen[6] += c.inference ? 1 : 0;
      seen[7] += c.hasBatchNorm() && !c.inference ? 1 : 0;
      try {
        runCase(c);
      } catch (AssertionError | RuntimeException e) {
        throw report(k, base, c, e);
      }
    }
    String[] what = {"BatchNorm", "Dropout", "ReLU", "Sigmoid", "Tanh", "weight decay",
        "inference mode", "BatchNorm in training mode"};
    for (int i = 0; i < seen.length && cases >= 50; i++) {
      assertTrue(seen[i] > cases / 8, "the generator should draw " + what[i] + " often, drew it "
          + seen[i] + "/" + cases);
    }
  }

  @Test
  void batchOneWithBatchNormRunsInInferenceMode() {
    long base = TestSeeds.baseSeed(DEFAULT_SEED) ^ 0x0B1L;
    for (int k = 0; k < 8; k++) {
      Case d = Case.draw(TestSeeds.caseSeed(base, k));
      List<Block> blocks = new ArrayList<>(d.blocks);
      Block b0 = blocks.get(0);
      blocks.set(0, new Block(b0.width(), true, b0.act(), b0.dropout()));
      Case c = d.with(d.in, blocks, d.classes, 1, d.decay, false);
      assertTrue(c.inference && c.forcedInference, c.toString());
      try {
        runCase(c);
      } catch (AssertionError | RuntimeException e) {
        throw report(k, base, c, e);
      }
    }
  }

  /** The step ladder does not let a wrong backward through: it fails at every step. */
  @Test
  void theStepLadderStillCatchesWrongBackwardPasses() {
    int batch = 9;
    float[] x = StackFixtures.uniform(batch * 5, 1, -1, 1);
    int[] t = StackFixtures.labels(batch, 3, 2);
    Network ref = Network.builder(5).init(WeightInit.he()).affine(6).tanh().affine(3)
        .weightDecay(0.2f).build(3);
    StackFixtures.perturbNonWeights(ref, 3);
    Network broken = BrokenStackBackwardTest.decayingBiases(ref, 0.2f);
    GradientCheck check = GradientCheck.withSeed(4).withStep(GradientCheck.DEFAULT_NETWORK_STEP);
    GradientCheckFailure f = org.junit.jupiter.api.Assertions.assertThrows(
        GradientCheckFailure.class, () -> atEitherStep(check, g -> g.checkNetwork(broken, x,
            batch, t)));
    assertEquals("b1", f.parameter());
    assertEquals(2, f.getSuppressed().length, "it was retried at the two other steps");

    BrokenStackBackwardTest.RawInputGammaBatchNorm bn =
        new BrokenStackBackwardTest.RawInputGammaBatchNorm("BN", 6, null, null);
    float[] in = NewLayerGradientTest.columns(batch, 6, 5);
    GradientCheckFailure g = org.junit.jupiter.api.Assertions.assertThrows(
        GradientCheckFailure.class, () -> atEitherStep(
            GradientCheck.withSeed(4).withStep(GradientCheck.DEFAULT_STEP),
            c -> c.checkLayer(bn, in, batch)));
    assertEquals("gamma", g.parameter());
  }

  /** Shrinks, then builds the message with both cases and the replay line. */
  static AssertionError report(int k, long base, Case original, Throwable failure) {
    Case smallest = original;
    Throwable smallestFailure = failure;
    int steps = 0;
    boolean progress = true;
    while (progress && steps < 40) {
      progress = false;
      for (Case smaller : smallest.shrinks()) {
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
    String msg = "stack gradient property failed on case #" + k + " of base seed " + base
        + " (kernels: " + Kernels.implementation() + ")\n  case:     " + original
        + "\n  replay:   -Dvecprop.seed=" + original.seed + " -Dvecprop.cases=1"
        + "\n  failure:  " + failure.getMessage()
        + "\n  shrunk (" + steps + " steps): " + smallest
        + "\n  shrunk failure: " + smallestFailure.getMessage();
    AssertionError e = new AssertionError(msg, smallestFailure);
    e.addSuppressed(failure);
    return e;
  }
}
