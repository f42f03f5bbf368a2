package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.labels;
import static io.github.vecprop.nn.StackFixtures.oneHot;
import static io.github.vecprop.nn.StackFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GradientCheck on the layers the layer stack added — BatchNorm (training and inference mode),
 * Dropout (frozen mask), Tanh — each alone and inside networks, on networks with L2 weight
 * decay, and on a user's own layer ({@link Scale}) plugged in with {@code builder.add}. Every
 * check differences every element (no sampling).
 */
class NewLayerGradientTest {
  static final long SEED = 0xBA7C4L;
  static final double MARGIN = GradientPropertyTest.KINK_MARGIN;

  /**
   * x with a different mean and spread per column, so the batch statistics matter, and rows
   * stratified in each column (row r in its own slice of the column's range, order shuffled),
   * so no column has a spread near the layer step: GradientCheck's 1e-2 differences a
   * BatchNorm column meaningfully only while its σ is well above the step (for two rows 0.01
   * apart x̂ is ±1 and saturates within one step).
   */
  static float[] columns(int batch, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[batch * size];
    int[] order = new int[batch];
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < batch; i++) {
        order[i] = i;
      }
      for (int i = batch - 1; i > 0; i--) {
        int k = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      double scale = 0.5 + 0.3 * (j % 4);
      double offset = 0.7 * (j % 3) - 0.6;
      for (int i = 0; i < batch; i++) {
        double u = (order[i] + 0.2 + 0.6 * r.nextDouble()) / batch; // in (0, 1), stratified
        x[i * size + j] = (float) (offset + scale * (2 * u - 1));
      }
    }
    return x;
  }

  static BatchNorm batchNorm(int size, long seed) {
    BatchNorm bn = new BatchNorm("BN", size, null, null);
    bn.gamma().copyFrom(uniform(size, seed, 0.5, 1.5));
    bn.beta().copyFrom(uniform(size, seed + 1, -0.5, 0.5));
    return bn;
  }

  @Test
  void batchNormInTrainingModePassesAlone() {
    GradientCheck check = GradientCheck.withSeed(SEED);
    for (int size : new int[] {1, 5, 8, 9, 17}) {
      for (int batch : new int[] {2, 3, 7, 16}) {
        BatchNorm bn = batchNorm(size, size * 100L + batch);
        assertTrue(bn.isTraining(), "a new layer starts in training mode");
        float[] x = columns(batch, size, size * 31L + batch);
        assertDoesNotThrow(() -> check.checkLayer(bn, x, batch),
            "size " + size + " batch " + batch);
      }
    }
  }

  @Test
  void batchNormInInferenceModePassesAloneAndIsLinear() {
    int size = 9;
    int batch = 7;
    BatchNorm bn = batchNorm(size, 3);
    for (int s = 0; s < 5; s++) {
      bn.forward(columns(12, size, 40 + s), 12); // running statistics away from zero
    }
    bn.setTraining(false);
    float[] x = columns(batch, size, 50);
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkLayer(bn, x, batch));
    // At inference μ and σ² are constants: dx = γ / √(running variance + ε) · dout exactly.
    float[] dout = uniform(batch * size, 51, -1, 1);
    bn.forward(x, batch);
    float[] dx = bn.backward(dout);
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < size; j++) {
        double e = bn.gamma().value()[j] * (double) dout[r * size + j]
            / Math.sqrt(bn.runningVariance()[j] + 1e-6);
        assertEquals(e, dx[r * size + j], 1e-5 * Math.abs(e) + 1e-7, "dx[" + r + "," + j + "]");
      }
    }
  }

  @Test
  void dropoutWithAFrozenMaskPassesAlone() {
    for (float p : new float[] {0.1f, 0.5f, 0.8f}) {
      for (int size : new int[] {1, 7, 16, 17}) {
        Dropout d = new Dropout(size, p, 77 + size);
        d.setMaskFrozen(true);
        int batch = 6;
        float[] x = uniform(batch * size, size, -1, 1);
        assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkLayer(d, x, batch),
            "p " + p + " size " + size);
      }
    }
    Dropout inference = new Dropout(10, 0.5f, 1);
    inference.setTraining(false);
    assertDoesNotThrow(
        () -> GradientCheck.withSeed(SEED).checkLayer(inference, uniform(40, 2, -1, 1), 4));
  }

  @Test
  void tanhPassesAlone() {
    for (int size : new int[] {1, 8, 9, 33}) {
      float[] x = uniform(5 * size, size, -2.5, 2.5);
      assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkLayer(new Tanh(size), x, 5));
    }
  }

  /** Builds, moves biases/γ/β off their initial values, freezes masks and clears the kinks. */
  static Network prepared(NetworkBuilder b, long seed, float[] x, int batch) {
    Network net = b.build(seed);
    StackFixtures.perturbNonWeights(net, seed);
    StackFixtures.freezeDropout(net, true);
    StackFixtures.clearKinks(net, x, batch, MARGIN);
    return net;
  }

  static void checkBoth(Network net, float[] x, int batch, int classes, long seed) {
    int[] t = labels(batch, classes, seed);
    GradientCheck check = GradientCheck.withSeed(SEED);
    assertDoesNotThrow(() -> check.checkNetwork(net, x, batch, t), net.toString());
    assertDoesNotThrow(() -> check.checkNetwork(net, x, batch, oneHot(t, classes)),
        net.toString() + " one-hot");
  }

  @Test
  void networksWithBatchNormInTrainingModePass() {
    int batch = 10;
    float[] x = uniform(batch * 6, 1, -1, 1);
    Network net = prepared(Network.builder(6).init(WeightInit.he()).affine(9).batchNorm().relu()
        .affine(8).batchNorm().tanh().affine(4), 5, x, batch);
    checkBoth(net, x, batch, 4, 6);
    // ... and with BatchNorm as the very first layer (its dx is not needed, its γ/β are).
    float[] x2 = columns(batch, 5, 2);
    Network first = prepared(Network.builder(5).batchNorm().affine(7).sigmoid().affine(3), 7, x2,
        batch);
    checkBoth(first, x2, batch, 3, 8);
  }

  @Test
  void networksWithBatchNormInInferenceModePass() {
    int batch = 9;
    float[] x = uniform(batch * 6, 3, -1, 1);
    Network net = Network.builder(6).init(WeightInit.he()).affine(9).batchNorm().relu()
        .affine(8).batchNorm().sigmoid().affine(4).build(11);
    StackFixtures.perturbNonWeights(net, 11);
    for (int s = 0; s < 6; s++) {
      net.predict(uniform(20 * 6, 100 + s, -1, 1), 20);
    }
    net.setTraining(false);
    StackFixtures.clearKinks(net, x, batch, MARGIN);
    checkBoth(net, x, batch, 4, 12);
    assertFalse(net.isTraining(), "the check leaves the mode as it was");
  }

  @Test
  void networksWithDropoutPassAndTheMasksAreThawedAfterwards() {
    int batch = 8;
    float[] x = uniform(batch * 5, 4, -1, 1);
    // As a user would: no masks frozen by hand. The kinks are cleared for the masks drawn by
    // the clearing forward, which checkNetwork then reuses (it freezes the last mask).
    Network net = Network.builder(5).init(WeightInit.xavier()).affine(12).sigmoid()
        .dropout(0.5f).affine(7).relu().dropout(0.25f).affine(3).build(13);
    StackFixtures.perturbNonWeights(net, 13);
    StackFixtures.clearKinks(net, x, batch, MARGIN);
    checkBoth(net, x, batch, 3, 14);
    float[] a = Arrays.copyOf(net.predict(x, batch), batch * 3);
    float[] b = Arrays.copyOf(net.predict(x, batch), batch * 3);
    assertFalse(Arrays.equals(a, b), "two training forwards after the check use other masks");
  }

  @Test
  void networksWithTanhPass() {
    int batch = 7;
    float[] x = uniform(batch * 4, 5, -1, 1);
    Network net = prepared(Network.builder(4).init(WeightInit.xavier()).affine(11).tanh()
        .affine(6).tanh().affine(5), 15, x, batch);
    checkBoth(net, x, batch, 5, 16);
  }

  @Test
  void weightDecayNetworksPassAndTheNumericLossIncludesTheDecayTerm() {
    int batch = 6;
    float lambda = 0.3f;
    float[] x = uniform(batch * 5, 6, -1, 1);
    NetworkBuilder spec = Network.builder(5).init(WeightInit.he()).affine(8).batchNorm().relu()
        .affine(6).tanh().affine(3);
    Network decayed = prepared(spec.weightDecay(lambda), 17, x, batch);
    assertEquals(lambda, decayed.weightDecay());
    checkBoth(decayed, x, batch, 3, 18);

    // The same weights without decay: the difference must be ½λΣW² over W1..W3 only.
    Network plain = Network.builder(5).affine(8).batchNorm().relu().affine(6).tanh().affine(3)
        .build(99);
    plain.loadParameters(decayed.copyParameters());
    int[] t = labels(batch, 3, 18);
    double sumSq = 0;
    for (String w : List.of("W1", "W2", "W3")) {
      for (float v : decayed.parameter(w).value()) {
        sumSq += (double) v * v;
      }
    }
    double term = 0.5 * lambda * sumSq;
    assertTrue(term > 0.05, "the decay term is large enough to matter: " + term);
    assertEquals(term, decayed.loss(x, batch, t) - (double) plain.loss(x, batch, t), 1e-5);

    double[][] nd = NumericalGradient.of(decayed, x, batch, t);
    double[][] np = NumericalGradient.of(plain, x, batch, t);
    decayed.gradient(x, batch, t);
    plain.gradient(x, batch, t);
    List<Parameter> ps = decayed.parameters();
    for (int p = 0; p < ps.size(); p++) {
      Parameter q = ps.get(p);
      boolean weight = q.name().startsWith("W");
      float[] gd = q.grad();
      float[] gp = plain.parameters().get(p).grad();
      for (int i = 0; i < q.size(); i++) {
        double expected = weight ? lambda * (double) q.value()[i] : 0;
        String where = q.name() + "[" + i + "]";
        assertEquals(expected, nd[p][i] - np[p][i], 2e-4 + 1e-2 * Math.abs(expected),
            "numeric decay share of " + where);
        assertEquals(expected, gd[i] - (double) gp[i], 1e-6 + 1e-5 * Math.abs(gd[i]),
            "analytic decay share of " + where);
      }
    }
  }

  @Test
  void aUsersOwnLayerIsCheckedAloneAndInsideANetwork() {
    int batch = 7;
    Scale alone = new Scale("Scale", "s", 6, 1.7f);
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED)
        .checkLayer(alone, uniform(batch * 6, 7, -1, 1), batch));

    float[] x = uniform(batch * 4, 8, -1, 1);
    Scale mid = new Scale("Scale1", "s1", 6, 1.7f);
    Network net = prepared(Network.builder(4).init(WeightInit.he()).affine(6).add(mid).tanh()
        .affine(3), 19, x, batch);
    assertEquals(List.of("W1", "b1", "s1", "W2", "b2"),
        net.parameters().stream().map(Parameter::name).toList());
    checkBoth(net, x, batch, 3, 20);
    net.gradient(x, batch, labels(batch, 3, 20));
    assertTrue(Math.abs(mid.parameters()[0].grad()[0]) > 1e-4,
        "s1 has a gradient the check really compared: " + mid.parameters()[0].grad()[0]);

    // First in the stack, before any Affine: backward must still reach it.
    Scale first = new Scale("Scale0", "s0", 4, 0.8f);
    Network net2 = prepared(Network.builder(4).add(first).init(WeightInit.he()).affine(5).relu()
        .affine(3), 21, x, batch);
    assertEquals("s0", net2.parameters().get(0).name());
    checkBoth(net2, x, batch, 3, 22);
  }

  @Test
  void weightDecayLeavesAUsersParameterAlone() {
    int batch = 5;
    float[] x = uniform(batch * 4, 9, -1, 1);
    Network net = prepared(Network.builder(4).affine(6).add(new Scale("Scale1", "s1", 6, 2f))
        .sigmoid().affine(3).weightDecay(0.5f), 23, x, batch);
    Network plain = prepared(Network.builder(4).affine(6).add(new Scale("Scale1", "s1", 6, 2f))
        .sigmoid().affine(3), 23, x, batch);
    plain.loadParameters(net.copyParameters());
    int[] t = labels(batch, 3, 24);
    net.gradient(x, batch, t);
    plain.gradient(x, batch, t);
    assertEquals(plain.parameter("s1").grad()[0], net.parameter("s1").grad()[0], 0f);
    assertArrayEquals(plain.parameter("b1").grad(), net.parameter("b1").grad(), 0f);
    checkBoth(net, x, batch, 3, 24);
  }

  /** A smoke test that the fixtures really move γ and β (else dγ bugs could hide). */
  @Test
  void fixturesMoveGammaAndBeta() {
    Network net = Network.builder(3).affine(4).batchNorm().relu().affine(2).build(1);
    StackFixtures.perturbNonWeights(net, 1);
    float[] g = net.parameter("gamma1").value();
    float[] b = net.parameter("beta1").value();
    for (int j = 0; j < 4; j++) {
      assertTrue(g[j] != 1f && g[j] >= 0.5f && g[j] <= 1.5f, "gamma " + g[j]);
      assertTrue(b[j] != 0f && Math.abs(b[j]) <= 0.2f, "beta " + b[j]);
    }
  }
}
