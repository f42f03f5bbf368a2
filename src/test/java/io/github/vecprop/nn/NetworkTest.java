package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Networks, layers and their edge cases, decided on purpose. */
class NetworkTest {

  static float[] pixels(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextDouble();
    }
    return x;
  }

  static int[] labels(int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = r.nextInt(classes);
    }
    return t;
  }

  static float[] oneHot(int[] t, int classes) {
    float[] o = new float[t.length * classes];
    for (int i = 0; i < t.length; i++) {
      o[i * classes + t[i]] = 1f;
    }
    return o;
  }

  @Test
  void seedNetworkHasTheBooksShapes() {
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01);
    assertArrayEquals(new int[] {784, 50, 10}, net.layerSizes());
    assertEquals(Activation.RELU, net.activation());
    List<Parameter> ps = net.parameters();
    assertEquals(List.of("W1", "b1", "W2", "b2"), ps.stream().map(Parameter::name).toList());
    assertEquals(784, ps.get(0).rows());
    assertEquals(50, ps.get(0).cols());
    assertEquals(1, ps.get(1).rows());
    assertEquals(10, ps.get(3).cols());
    assertEquals(4, net.layers().size() + 1); // Affine, Relu, Affine + SoftmaxWithLoss
  }

  @Test
  void seedInitialLossIsLnTen() {
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01, 7);
    for (long s = 0; s < 5; s++) {
      int batch = 1 + (int) (s * 23);
      int[] t = labels(batch, 10, s);
      float[] x = pixels(batch * 784, s);
      assertEquals(Math.log(10), net.loss(x, batch, t), 0.02, "batch " + batch);
      assertEquals(Math.log(10), net.loss(x, batch, oneHot(t, 10)), 0.02, "batch " + batch);
    }
  }

  @Test
  void parametersAreSharedByReference() {
    Network net = new Network(new int[] {3, 4, 2}, Activation.SIGMOID, 1);
    Affine first = (Affine) net.layers().get(0);
    assertSame(net.parameter("W1"), first.weight());
    assertSame(net.parameter("W1").value(), first.weight().value());
    float[] x = {1, 2, 3};
    float before = net.predict(x, 1)[0];
    net.parameter("b2").value()[0] += 1f; // as an optimizer would
    assertEquals(before + 1f, net.predict(x, 1)[0], 1e-6);
  }

  @Test
  void sameSeedSameWeightsOtherSeedOthers() {
    int[] sizes = {20, 30, 30, 5};
    for (WeightInit init : new WeightInit[] {WeightInit.gaussian(), WeightInit.xavier(),
        WeightInit.he()}) {
      float[][] a = new Network(sizes, Activation.RELU, init, 99).copyParameters();
      float[][] b = new Network(sizes, Activation.RELU, init, 99).copyParameters();
      float[][] c = new Network(sizes, Activation.RELU, init, 100).copyParameters();
      assertTrue(Arrays.deepEquals(a, b), init.toString());
      assertFalse(Arrays.equals(a[0], c[0]), init.toString());
    }
    // An unseeded network uses DEFAULT_SEED: reproducible too.
    assertTrue(Arrays.deepEquals(new TwoLayerNet(5, 4, 3, 0.01).copyParameters(),
        new TwoLayerNet(5, 4, 3, 0.01, Network.DEFAULT_SEED).copyParameters()));
  }

  @Test
  void initialisationHasTheRequestedSpread() {
    int fanIn = 400;
    int[] sizes = {fanIn, 300, 2};
    for (Object[] c : new Object[][] {{WeightInit.gaussian(), 0.01},
        {WeightInit.xavier(), Math.sqrt(1.0 / fanIn)}, {WeightInit.he(), Math.sqrt(2.0 / fanIn)}}) {
      Network net = new Network(sizes, Activation.RELU, (WeightInit) c[0], 5);
      float[] w = net.parameter("W1").value();
      double s = 0;
      double ss = 0;
      for (float v : w) {
        s += v;
        ss += v * (double) v;
      }
      double mean = s / w.length;
      double std = Math.sqrt(ss / w.length - mean * mean);
      double expected = (double) c[1];
      assertEquals(expected, std, 0.02 * expected, c[0].toString());
      assertEquals(0, mean, 0.02 * expected, c[0].toString());
      for (float v : net.parameter("b1").value()) {
        assertEquals(0f, v);
      }
    }
  }

  @Test
  void weightsCopyOutAndIn() {
    Network a = new Network(new int[] {6, 5, 3}, Activation.SIGMOID, WeightInit.xavier(), 1);
    Network b = new Network(a.layerSizes(), a.activation(), 2);
    float[] x = pixels(4 * 6, 3);
    b.loadParameters(a.copyParameters());
    assertArrayEquals(Arrays.copyOf(a.predict(x, 4), 12), Arrays.copyOf(b.predict(x, 4), 12),
        1e-6f);
    assertThrows(IllegalArgumentException.class,
        () -> b.loadParameters(new float[][] {new float[1], new float[5], new float[15],
            new float[3]}));
  }

  @Test
  void indexAndOneHotLabelsGiveTheSameLossAndGradient() {
    Network net = new Network(new int[] {8, 7, 4}, Activation.RELU, WeightInit.he(), 3);
    int[] t = labels(9, 4, 1);
    float[] x = pixels(9 * 8, 2);
    float lossIdx = net.gradient(x, 9, t);
    float[][] gIdx = grads(net);
    float lossHot = net.gradient(x, 9, oneHot(t, 4));
    assertEquals(lossIdx, lossHot, 1e-6);
    float[][] gHot = grads(net);
    for (int p = 0; p < gIdx.length; p++) {
      assertArrayEquals(gIdx[p], gHot[p], 1e-7f);
    }
    assertEquals(net.accuracy(x, 9, t), net.accuracy(x, 9, oneHot(t, 4)));
  }

  static float[][] grads(Network net) {
    return net.parameters().stream().map(p -> p.grad().clone()).toArray(float[][]::new);
  }

  @Test
  void smallerLastBatchMatchesAFreshNetwork() {
    Network big = new Network(new int[] {5, 6, 3}, Activation.RELU, WeightInit.he(), 4);
    Network fresh = new Network(new int[] {5, 6, 3}, Activation.RELU, WeightInit.he(), 4);
    float[] x = pixels(10 * 5, 5);
    int[] t = labels(10, 3, 6);
    big.gradient(x, 10, t);
    float lossSmall = big.gradient(x, 3, t);
    float lossFresh = fresh.gradient(x, 3, t);
    // Equal up to rounding: JIT tiers of the SIMD kernels may round differently.
    assertEquals(lossFresh, lossSmall, 1e-6);
    float[][] a = grads(big);
    float[][] b = grads(fresh);
    for (int p = 0; p < a.length; p++) {
      assertArrayEquals(b[p], a[p], 1e-6f);
    }
  }

  @Test
  void analyticMatchesTheNetworksOwnNumericalGradient() {
    Network net = new Network(new int[] {4, 5, 3}, Activation.SIGMOID, WeightInit.xavier(), 8);
    float[] x = pixels(6 * 4, 9);
    int[] t = labels(6, 3, 10);
    net.gradient(x, 6, t);
    float[][] analytic = grads(net);
    float[][] before = net.copyParameters();
    double[][] numeric = NumericalGradient.of(net, x, 6, t, 1e-2);
    assertTrue(Arrays.deepEquals(before, net.copyParameters()), "every element restored");
    for (int p = 0; p < analytic.length; p++) {
      for (int i = 0; i < analytic[p].length; i++) {
        assertEquals(numeric[p][i], analytic[p][i], 2e-4 + 2e-2 * Math.abs(numeric[p][i]));
      }
    }
  }

  @Test
  void ensureCapacityAllocatesUpFrontAndComputesNothing() {
    Network net = new Network(new int[] {6, 5, 3}, Activation.RELU, WeightInit.he(), 2);
    float[][] before = net.copyParameters();
    net.ensureCapacity(40);
    assertTrue(Arrays.deepEquals(before, net.copyParameters()), "parameters untouched");
    for (Parameter p : net.parameters()) {
      assertArrayEquals(new float[p.grad().length], p.grad(), p.name() + " grad untouched");
    }
    float[] small = net.predict(pixels(2 * 6, 1), 2);
    float[] big = net.predict(pixels(40 * 6, 2), 40);
    assertSame(small, big, "no buffer grew: 40 rows were reserved");
    assertThrows(IllegalArgumentException.class, () -> net.ensureCapacity(0));
  }

  @Test
  void firstLayerSkipsItsInputGradientUnlessAsked() {
    Network net = new Network(new int[] {4, 3, 2}, Activation.RELU, 1);
    Affine first = (Affine) net.layers().get(0);
    assertFalse(first.computesInputGradient());
    net.gradient(pixels(8, 1), 2, new int[] {0, 1});
    assertNull(first.backward(new float[2 * 3]));
    net.setComputeFirstInputGradient(true);
    first.forward(pixels(8, 1), 2);
    assertEquals(8, first.backward(new float[2 * 3]).length);
    assertTrue(new Affine(4, 3).computesInputGradient(), "a lone Affine computes dx");
  }

  @Test
  void reluAtExactlyZeroHasZeroGradient() {
    Relu relu = new Relu(3);
    relu.forward(new float[] {0f, -0f, 1f}, 1);
    assertArrayEquals(new float[] {0f, 0f, 5f}, Arrays.copyOf(relu.backward(new float[] {5, 5, 5}), 3));
  }

  @Test
  void hugeLogitsStayFinite() {
    SoftmaxWithLoss loss = new SoftmaxWithLoss(3);
    float l = loss.forward(new float[] {1e4f, -1e4f, 0f, 3e4f, 3e4f, -3e4f}, 2, new int[] {1, 0});
    assertTrue(Float.isFinite(l), "loss " + l);
    // log(0 + 1e-7) is the guard's floor for a certainly-wrong row.
    assertEquals((-Math.log(1e-7) - Math.log(0.5 + 1e-7)) / 2, l, 1e-3);
    for (float v : Arrays.copyOf(loss.backward(), 6)) {
      assertTrue(Float.isFinite(v));
    }
  }

  @Test
  void badArgumentsAreRejected() {
    Network net = new Network(new int[] {4, 3, 2}, Activation.RELU, 1);
    assertThrows(IllegalArgumentException.class, () -> net.predict(new float[7], 2));
    assertThrows(IllegalArgumentException.class, () -> net.predict(new float[8], 0));
    assertThrows(IllegalArgumentException.class, () -> net.loss(new float[8], 2, new int[] {0, 2}));
    assertThrows(IllegalArgumentException.class,
        () -> new Network(new int[] {4}, Activation.RELU, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new Network(new int[] {4, 0, 2}, Activation.RELU, 1));
    assertThrows(IllegalStateException.class, () -> new Relu(2).backward(new float[2]));
  }

  @Test
  void accuracyCountsArgmaxHits() {
    Network net = new Network(new int[] {2, 2}, Activation.RELU, 1);
    net.loadParameters(new float[][] {{1, 0, 0, 1}, {0, 0}});
    float[] x = {1, 0, 0, 1, 1, 0};
    assertEquals(2, net.countCorrect(x, 3, new int[] {0, 1, 1}));
    assertEquals(2f / 3, net.accuracy(x, 3, new int[] {0, 1, 1}), 1e-6);
  }
}
