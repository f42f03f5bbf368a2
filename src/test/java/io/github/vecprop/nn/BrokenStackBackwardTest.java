package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.labels;
import static io.github.vecprop.nn.StackFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.kernel.UpdateKernels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GradientCheck catches deliberately wrong backward passes of the layer stack's additions: a
 * BatchNorm with a wrong dγ, a BatchNorm that treats the batch statistics as constants, a
 * Dropout that forgets its mask (or its 1/(1−p) scale) in backward, weight decay applied to the
 * biases (or left off the output layer), and a user's layer with a wrong parameter gradient —
 * alone and inside networks, each failure naming the layer and the parameter, with every
 * perturbed value restored.
 */
class BrokenStackBackwardTest {
  static final long SEED = 0xB0B0L;
  static final int BATCH = 8;

  /** dγ = Σ dout·x, the raw input, instead of Σ dout·x̂ (dx is still right). */
  static final class RawInputGammaBatchNorm extends BatchNorm {
    private float[] x;
    private int batch;

    RawInputGammaBatchNorm(String name, int size, Parameter gamma, Parameter beta) {
      super(name, size, gamma, beta);
    }

    @Override
    public float[] forward(float[] x, int batch) {
      this.x = x;
      this.batch = batch;
      return super.forward(x, batch);
    }

    @Override
    public float[] backward(float[] dout) {
      float[] dx = super.backward(dout);
      int n = inputSize();
      float[] dg = gamma().grad();
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int r = 0; r < batch; r++) {
          s += (double) dout[r * n + j] * x[r * n + j];
        }
        dg[j] = (float) s;
      }
      return dx;
    }
  }

  /** dx = γ/σ·dout even in training mode: the batch's μ and σ² treated as constants. */
  static final class ConstantStatisticsBatchNorm extends BatchNorm {
    private float[] x;
    private int batch;

    ConstantStatisticsBatchNorm(int size) {
      super("ConstantStatsBN", size, null, null);
    }

    @Override
    public float[] forward(float[] x, int batch) {
      this.x = x;
      this.batch = batch;
      return super.forward(x, batch);
    }

    @Override
    public float[] backward(float[] dout) {
      float[] dx = super.backward(dout);
      if (isTraining()) {
        int n = inputSize();
        double[] sigma = StackFixtures.sigma(this, x, batch);
        for (int r = 0; r < batch; r++) {
          for (int j = 0; j < n; j++) {
            dx[r * n + j] = (float) (gamma().value()[j] * dout[r * n + j] / sigma[j]);
          }
        }
      }
      return dx;
    }
  }

  /** Backward forgets the mask: dx = dout everywhere. */
  static final class MaskForgettingDropout extends Dropout {
    private float[] dx = new float[0];
    private int n;

    MaskForgettingDropout(String name, int size, float p, long seed) {
      super(name, size, p, seed);
    }

    @Override
    public float[] forward(float[] x, int batch) {
      n = batch * inputSize();
      return super.forward(x, batch);
    }

    @Override
    public float[] backward(float[] dout) {
      super.backward(dout);
      if (dx.length < n) {
        dx = new float[n];
      }
      System.arraycopy(dout, 0, dx, 0, n);
      return dx;
    }
  }

  /** Backward applies a 0/1 mask: the book's non-inverted gradient under an inverted forward. */
  static final class UnscaledMaskDropout extends Dropout {
    private boolean[] kept = new boolean[0];
    private int n;

    UnscaledMaskDropout(int size, float p, long seed) {
      super("UnscaledMaskDropout", size, p, seed);
    }

    @Override
    public float[] forward(float[] x, int batch) {
      float[] y = super.forward(x, batch);
      n = batch * inputSize();
      kept = new boolean[n];
      for (int i = 0; i < n; i++) {
        kept[i] = y[i] != 0f; // x is never exactly 0 here
      }
      return y;
    }

    @Override
    public float[] backward(float[] dout) {
      float[] dx = super.backward(dout);
      for (int i = 0; i < n; i++) {
        dx[i] = kept[i] ? dout[i] : 0f;
      }
      return dx;
    }
  }

  @Test
  void batchNormWithAWrongDgammaIsCaughtAlone() {
    int size = 6;
    RawInputGammaBatchNorm bn = new RawInputGammaBatchNorm("RawGammaBN", size,
        gamma("gamma", size), null);
    float[] x = NewLayerGradientTest.columns(BATCH, size, 1);
    float[] before = bn.gamma().copyOfValue();
    float[] xBefore = x.clone();
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(bn, x, BATCH));
    assertEquals(GradientCheckFailure.Kind.MISMATCH, f.kind());
    assertEquals("gamma", f.parameter());
    assertTrue(f.layer().contains("RawGammaBN"), f.layer());
    assertEquals(SEED, f.seed());
    assertTrue(f.getMessage().contains("parameter gamma") && f.getMessage().contains("RawGammaBN"),
        f.getMessage());
    assertArrayEquals(before, bn.gamma().value(), 0f);
    assertArrayEquals(xBefore, x, 0f);
  }

  @Test
  void batchNormWithAWrongDgammaIsCaughtInANetwork() {
    int batch = 10;
    float[] x = uniform(batch * 5, 2, -1, 1);
    RawInputGammaBatchNorm bn = new RawInputGammaBatchNorm("BrokenBN", 7, gamma("gammaX", 7),
        new Parameter("betaX", 1, 7));
    Network net = Network.builder(5).init(WeightInit.he()).affine(7).add(bn).tanh().affine(3)
        .build(3);
    StackFixtures.perturbNonWeights(net, 3);
    float[][] before = net.copyParameters();
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkNetwork(net, x, batch, labels(batch, 3, 4)));
    assertEquals("gammaX", f.parameter(), "W1 and b1 pass: dx is right, only dγ is wrong");
    assertTrue(Arrays.deepEquals(before, net.copyParameters()), "every element restored");
  }

  @Test
  void batchNormTreatingBatchStatisticsAsConstantsIsCaughtInTrainingModeOnly() {
    int size = 5;
    float[] x = NewLayerGradientTest.columns(BATCH, size, 5);
    ConstantStatisticsBatchNorm bn = new ConstantStatisticsBatchNorm(size);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(bn, x, BATCH));
    assertEquals("x", f.parameter());
    // The same formula is right at inference, where μ and σ² are the running constants.
    ConstantStatisticsBatchNorm inference = new ConstantStatisticsBatchNorm(size);
    inference.forward(NewLayerGradientTest.columns(20, size, 6), 20);
    inference.setTraining(false);
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkLayer(inference, x, BATCH));
  }

  @Test
  void dropoutForgettingItsMaskIsCaughtAlone() {
    MaskForgettingDropout d = new MaskForgettingDropout("ForgetfulDropout", 9, 0.5f, 7);
    d.setMaskFrozen(true);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(d, uniform(BATCH * 9, 8, -1, 1), BATCH));
    assertEquals(GradientCheckFailure.Kind.MISMATCH, f.kind());
    assertEquals("x", f.parameter());
    assertTrue(f.layer().contains("ForgetfulDropout"), f.layer());
    // The first element (index 0) is wrong whether it was dropped (numeric 0) or kept (2·dout).
    assertEquals(0, f.index());
    assertTrue(f.numeric() == 0 || Math.abs(f.numeric() / f.analytic() - 2) < 1e-3,
        "numeric " + f.numeric() + " analytic " + f.analytic());
  }

  @Test
  void dropoutWithAnUnscaledMaskIsCaughtAlone() {
    UnscaledMaskDropout d = new UnscaledMaskDropout(9, 0.5f, 9);
    d.setMaskFrozen(true);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(d, uniform(BATCH * 9, 10, 0.1, 1), BATCH));
    assertEquals("x", f.parameter());
    assertEquals(2, f.numeric() / f.analytic(), 1e-3, "a kept unit is off by 1/(1−p)");
  }

  @Test
  void dropoutForgettingItsMaskIsCaughtInANetworkUpstreamOfIt() {
    int batch = 9;
    float[] x = uniform(batch * 4, 11, -1, 1);
    Network net = Network.builder(4).init(WeightInit.xavier()).affine(10).tanh()
        .add(new MaskForgettingDropout("ForgetfulDropout", 10, 0.5f, 12)).affine(3).build(5);
    StackFixtures.perturbNonWeights(net, 5);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkNetwork(net, x, batch, labels(batch, 3, 13)));
    assertTrue(List.of("W1", "b1").contains(f.parameter()),
        "only the layers before the dropout get a wrong gradient, failed on " + f.parameter());
  }

  /** A network with the same layers whose gradient() also decays the biases. */
  static Network decayingBiases(Network ref, float lambda) {
    Layer[] layers = ref.layers().toArray(new Layer[0]);
    return new Network(new LayerStack(layers), ref.init(), ref.seed(), lambda) {
      @Override
      public float gradient(float[] x, int batch, int[] labels) {
        float loss = super.gradient(x, batch, labels);
        for (Parameter p : parameters()) {
          if (p.name().startsWith("b")) {
            UpdateKernels.axpy(p.size(), lambda, p.value(), 0, p.grad(), 0);
          }
        }
        return loss;
      }
    };
  }

  @Test
  void weightDecayAppliedToBiasesIsCaught() {
    int batch = 7;
    float lambda = 0.2f;
    float[] x = uniform(batch * 5, 14, -1, 1);
    Network ref = Network.builder(5).init(WeightInit.he()).affine(6).sigmoid().affine(3)
        .weightDecay(lambda).build(15);
    StackFixtures.perturbNonWeights(ref, 15);
    int[] t = labels(batch, 3, 16);
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkNetwork(ref, x, batch, t),
        "the correct network passes");
    Network broken = decayingBiases(ref, lambda);
    assertEquals(lambda, broken.weightDecay());
    float[][] before = broken.copyParameters();
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkNetwork(broken, x, batch, t));
    assertEquals("b1", f.parameter(), "W1 passes, the first bias fails");
    double b0 = broken.parameter("b1").value()[f.index()];
    assertEquals(lambda * b0, f.analytic() - f.numeric(), 1e-3 + 0.03 * Math.abs(lambda * b0),
        "off by exactly λ·b");
    assertTrue(Arrays.deepEquals(before, broken.copyParameters()), "every element restored");
  }

  @Test
  void weightDecayLeftOffTheOutputLayerIsCaught() {
    int batch = 7;
    float lambda = 0.2f;
    float[] x = uniform(batch * 5, 17, -1, 1);
    Network ref = Network.builder(5).init(WeightInit.he()).affine(6).tanh().affine(3)
        .weightDecay(lambda).build(18);
    Network broken = new Network(new LayerStack(ref.layers().toArray(new Layer[0])), ref.init(),
        ref.seed(), lambda) {
      @Override
      public float gradient(float[] xx, int b, int[] t) {
        float loss = super.gradient(xx, b, t);
        Parameter w2 = parameter("W2");
        UpdateKernels.axpy(w2.size(), -lambda, w2.value(), 0, w2.grad(), 0);
        return loss;
      }
    };
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkNetwork(broken, x, batch, labels(batch, 3, 19)));
    assertEquals("W2", f.parameter());
  }

  @Test
  void aUsersLayerWithAWrongGradientIsCaughtAloneAndInANetwork() {
    GradientCheckFailure alone = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(new Scale("BadScale", "s", 4, 1.5f, 2f),
            uniform(BATCH * 4, 20, -1, 1), BATCH));
    assertEquals("s", alone.parameter());
    assertTrue(alone.layer().contains("BadScale"), alone.layer());
    assertEquals(2, alone.analytic() / alone.numeric(), 1e-2);

    int batch = 6;
    float[] x = uniform(batch * 4, 21, -1, 1);
    Network net = Network.builder(4).init(WeightInit.xavier()).affine(5)
        .add(new Scale("BadScale1", "s1", 5, 1.5f, 2f)).sigmoid().affine(3).build(22);
    StackFixtures.perturbNonWeights(net, 22);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkNetwork(net, x, batch, labels(batch, 3, 23)));
    assertEquals("s1", f.parameter());
  }

  static Parameter gamma(String name, int n) {
    Parameter g = new Parameter(name, 1, n);
    g.copyFrom(uniform(n, n, 0.5, 1.5));
    return g;
  }
}
