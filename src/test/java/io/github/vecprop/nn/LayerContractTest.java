package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.kernel.Window;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What every built-in layer promises a caller, whatever its arithmetic: bad batches and short or
 * null buffers are refused with a message naming the layer, and backward before forward too;
 * size-1 layers work and size-0 ones are refused; the output buffer is reused for a batch that
 * fits and grown for one that does not; a sample's forward and backward do not depend on the
 * batch it is in (for the layers without batch statistics or random masks); {@code name()},
 * {@code toString()} and {@link LayerKind#of} describe the layer.
 */
class LayerContractTest {

  /** A layer under test and the kind it must report. */
  record Case(String name, LayerKind kind, Supplier<Layer> make) {}

  static Window convWindow() {
    return new Window(2, 5, 4, 3, 2, 1, 1);
  }

  static Window poolWindow() {
    return new Window(2, 6, 4, 2, 2, 2, 0);
  }

  static List<Case> cases() {
    return List.of(
        new Case("Affine", LayerKind.AFFINE, () -> affine("Affine", 6, 4, 1)),
        new Case("BatchNorm", LayerKind.BATCHNORM, () -> new BatchNorm("BatchNorm", 6, null, null)),
        new Case("Dropout", LayerKind.DROPOUT, () -> new Dropout("Dropout", 6, 0.5f, 3)),
        new Case("Relu", LayerKind.RELU, () -> new Relu("Relu", 6)),
        new Case("Sigmoid", LayerKind.SIGMOID, () -> new Sigmoid("Sigmoid", 6)),
        new Case("Tanh", LayerKind.TANH, () -> new Tanh("Tanh", 6)),
        new Case("Convolution", LayerKind.CONV, () -> conv("Convolution", 3)),
        new Case("MaxPooling", LayerKind.POOL, () -> new MaxPooling("MaxPooling", poolWindow())));
  }

  static Affine affine(String name, int in, int out, long seed) {
    Parameter w = new Parameter(name + ".W", in, out);
    Parameter b = new Parameter(name + ".b", 1, out);
    fill(w.value(), seed);
    fill(b.value(), seed + 1);
    return new Affine(name, w, b);
  }

  static Convolution conv(String name, int filters) {
    Window g = convWindow();
    Parameter w = new Parameter(name + ".W", filters, g.patchSize());
    Parameter b = new Parameter(name + ".b", 1, filters);
    fill(w.value(), 11);
    fill(b.value(), 12);
    return new Convolution(name, g, w, b);
  }

  static void fill(float[] v, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * r.nextDouble() - 1);
    }
  }

  static float[] random(int n, long seed) {
    float[] v = new float[n];
    fill(v, seed);
    return v;
  }

  static void assertNamed(String name, String what, RuntimeException e) {
    assertTrue(e.getMessage().startsWith(name + ":") && e.getMessage().contains(what),
        "expected '" + name + ": …" + what + "…', got: " + e.getMessage());
  }

  @Test
  void badForwardInputIsRefusedNamingTheLayer() {
    for (Case c : cases()) {
      Layer l = c.make().get();
      int in = l.inputSize();
      assertNamed(c.name(), "x is null",
          assertThrows(IllegalArgumentException.class, () -> l.forward(null, 2), c.name()));
      assertNamed(c.name(), "batch must be positive",
          assertThrows(IllegalArgumentException.class, () -> l.forward(new float[in], 0)));
      // One element short; and a batch whose product with the width needs the long multiply.
      assertNamed(c.name(), "x needs 3×" + in,
          assertThrows(IllegalArgumentException.class, () -> l.forward(new float[3 * in - 1], 3)));
      assertNamed(c.name(), "x needs " + (in + 2) + "×" + in,
          assertThrows(IllegalArgumentException.class,
              () -> l.forward(new float[in + 1], in + 2)));
    }
  }

  @Test
  void badBackwardInputIsRefusedNamingTheLayer() {
    for (Case c : cases()) {
      Layer l = c.make().get();
      int out = l.outputSize();
      assertThrows(IllegalStateException.class, () -> l.backward(new float[out]),
          c.name() + ": backward before any forward");
      l.forward(random(2 * l.inputSize(), 5), 2);
      assertNamed(c.name(), "dout needs",
          assertThrows(IllegalArgumentException.class, () -> l.backward(null)));
      assertNamed(c.name(), "dout needs 2×" + out,
          assertThrows(IllegalArgumentException.class, () -> l.backward(new float[2 * out - 1])));
      assertDoesNotThrow(() -> l.backward(new float[2 * out]), c.name());
    }
  }

  @Test
  void theLossLayerRefusesBadInputNamingItself() {
    SoftmaxWithLoss loss = new SoftmaxWithLoss(3);
    assertThrows(IllegalStateException.class, () -> loss.backward(1f));
    assertNamed("SoftmaxWithLoss", "x needs 2×3",
        assertThrows(IllegalArgumentException.class,
            () -> loss.forward(new float[5], 2, new int[] {0, 1})));
    assertNamed("SoftmaxWithLoss", "batch must be positive",
        assertThrows(IllegalArgumentException.class,
            () -> loss.forward(new float[3], 0, new int[] {0})));
    assertNamed("SoftmaxWithLoss", "classes must be positive",
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxWithLoss(0)));
    // One class: softmax is 1, the loss −log(1 + 1e-7) ≈ −1e-7, the gradient 0.
    SoftmaxWithLoss one = new SoftmaxWithLoss(1);
    assertEquals(-1e-7, one.forward(new float[] {2.5f, -1f}, 2, new int[] {0, 0}), 5e-8);
    assertEquals(2, one.batch());
    assertArrayEquals(new float[] {1f, 1f}, Arrays.copyOf(one.probabilities(), 2));
    assertArrayEquals(new float[] {0f, 0f}, Arrays.copyOf(one.backward(1f), 2));
    assertEquals("SoftmaxWithLoss", one.name());
    assertTrue(one.toString().startsWith("SoftmaxWithLoss") && one.toString().contains("1"),
        one.toString());
  }

  @Test
  void sizeOneWorksAndSizeZeroIsRefused() {
    List<Supplier<Layer>> ones = List.of(() -> new BatchNorm("B", 1, null, null),
        () -> new Dropout("D", 1, 0.25f, 1), () -> new Relu("R", 1), () -> new Tanh("T", 1),
        () -> affine("A", 1, 1, 2));
    for (Supplier<Layer> s : ones) {
      Layer l = s.get();
      float[] y = l.forward(new float[] {0.5f, -0.25f}, 2);
      assertTrue(y.length >= 2 && Float.isFinite(y[0]) && Float.isFinite(y[1]), l.toString());
      float[] dx = l.backward(new float[] {1f, 1f});
      assertTrue(dx.length >= 2 && Float.isFinite(dx[0]) && Float.isFinite(dx[1]), l.toString());
    }
    assertNamed("B", "size must be positive",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm("B", 0, null, null)));
    assertNamed("D", "size must be positive",
        assertThrows(IllegalArgumentException.class, () -> new Dropout("D", 0, 0.5f, 1)));
    assertNamed("R", "size must be positive",
        assertThrows(IllegalArgumentException.class, () -> new Relu("R", 0)));
    assertThrows(IllegalArgumentException.class, () -> new Parameter("p", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Parameter("p", 1, 0));
    Parameter p = new Parameter("p", 1, 1);
    assertEquals("p[1×1]", p.toString());
    assertThrows(IllegalArgumentException.class, () -> p.copyFrom(new float[2]));
    p.copyFrom(new float[] {3f});
    assertEquals(3f, p.value()[0]);
  }

  @Test
  void dropoutRatioZeroIsAllowedAndOneIsNot() {
    assertDoesNotThrow(() -> new Dropout("D", 4, 0f, 1));
    assertNamed("D", "ratio must be in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> new Dropout("D", 4, 1f, 1)));
    assertNamed("D", "ratio must be in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> new Dropout("D", 4, -0.01f, 1)));
    assertDoesNotThrow(() -> Network.builder(4).dropout(0f));
    assertThrows(IllegalArgumentException.class, () -> Network.builder(4).dropout(1f));
  }

  @Test
  void poolingPaddingMustBeBelowTheWindowInBothDirections() {
    // pad 2: allowed under a 3×3 window, refused when either side of the window is 2.
    assertDoesNotThrow(() -> new MaxPooling("P", new Window(1, 6, 6, 3, 3, 1, 2)));
    assertNamed("P", "must be below the window",
        assertThrows(IllegalArgumentException.class,
            () -> new MaxPooling("P", new Window(1, 6, 6, 2, 3, 1, 2))));
    assertNamed("P", "must be below the window",
        assertThrows(IllegalArgumentException.class,
            () -> new MaxPooling("P", new Window(1, 6, 6, 3, 2, 1, 2))));
    assertDoesNotThrow(() -> Network.builder(1, 6, 6).pool(3, 3, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> Network.builder(1, 6, 6).pool(2, 3, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> Network.builder(1, 6, 6).pool(3, 2, 1, 2));
    NetworkBuilder b = Network.builder(1, 6, 6);
    assertSame(b, b.pool(2));
    assertEquals(9, b.width(), "1×6×6 pooled 2×2 stride 2 is 1×3×3");
    assertEquals(36, b.inputSize());
    assertNotNull(b.affine(2).build(1));
  }

  @Test
  void buffersAreReusedWhileTheBatchFitsAndGrownWhenItDoesNot() {
    for (Case c : cases()) {
      Layer l = c.make().get();
      int in = l.inputSize();
      float[] y3 = l.forward(random(3 * in, 7), 3);
      float[] dx3 = l.backward(random(3 * l.outputSize(), 8));
      assertSame(y3, l.forward(random(3 * in, 9), 3), c.name() + ": same batch, same buffer");
      assertSame(dx3, l.backward(random(3 * l.outputSize(), 10)), c.name());
      assertSame(y3, l.forward(random(2 * in, 9), 2), c.name() + ": a smaller batch fits");
      l.reserve(3);
      assertSame(y3, l.forward(random(3 * in, 9), 3), c.name() + ": reserve of the same batch");
      float[] y5 = l.forward(random(5 * in, 11), 5);
      assertTrue(y5.length >= 5 * l.outputSize(), c.name());
      float[] dx5 = l.backward(random(5 * l.outputSize(), 12));
      assertTrue(dx5.length >= 5 * in, c.name());
    }
  }

  /**
   * A sample's y and dx (and the parameter gradients' sum) are the same alone as inside a
   * growing batch, bit for bit: layers without batch statistics or masks.
   */
  @Test
  void aSampleGivesTheSameBitsAloneAsInsideABatch() {
    for (Case c : cases()) {
      if (c.kind() == LayerKind.BATCHNORM || c.kind() == LayerKind.DROPOUT) {
        continue;
      }
      Layer batched = c.make().get();
      Layer alone = c.make().get();
      int in = batched.inputSize();
      int out = batched.outputSize();
      for (int batch : new int[] {1, 4, 7}) {
        float[] x = random(batch * in, 100 + batch);
        float[] dout = random(batch * out, 200 + batch);
        float[] y = batched.forward(x, batch).clone();
        float[] dx = batched.backward(dout).clone();
        for (int s = 0; s < batch; s++) {
          float[] ys = alone.forward(Arrays.copyOfRange(x, s * in, (s + 1) * in), 1);
          assertArrayEquals(Arrays.copyOfRange(y, s * out, (s + 1) * out),
              Arrays.copyOf(ys, out), c.name() + " y of sample " + s + " of " + batch);
          float[] dxs = alone.backward(Arrays.copyOfRange(dout, s * out, (s + 1) * out));
          assertArrayEquals(Arrays.copyOfRange(dx, s * in, (s + 1) * in), Arrays.copyOf(dxs, in),
              c.name() + " dx of sample " + s + " of " + batch);
        }
      }
    }
  }

  @Test
  void aFirstLayerComputesNoInputGradientButItsParameterGradients() {
    Affine a = affine("A", 6, 4, 1);
    a.setComputeInputGradient(false);
    assertTrue(!a.computesInputGradient());
    a.forward(random(12, 3), 2);
    assertNull(a.backward(random(8, 4)));
    Convolution cv = conv("C", 3);
    assertTrue(cv.computesInputGradient(), "on by default");
    assertEquals(3, cv.filters());
    cv.setComputeInputGradient(false);
    cv.forward(random(2 * cv.inputSize(), 5), 2);
    assertNull(cv.backward(random(2 * cv.outputSize(), 6)));
    float sum = 0;
    for (float g : cv.parameters()[0].grad()) {
      sum += Math.abs(g);
    }
    assertTrue(sum > 0, "the filters' gradient is still computed");
  }

  @Test
  void namesDescriptionsAndKinds() {
    for (Case c : cases()) {
      Layer l = c.make().get();
      assertEquals(c.name(), l.name());
      assertTrue(l.toString().startsWith(c.name() + "("), l.toString());
      assertSame(c.kind(), LayerKind.of(l), c.name());
    }
    assertEquals("Relu(6)", new Relu("Relu", 6).toString());
    assertEquals("Convolution(3×3×2 over 2×5×4, stride 1, pad 1)", conv("Convolution", 3)
        .toString());
    assertEquals("MaxPooling(2×2 over 2×6×4, stride 2, pad 0)",
        new MaxPooling("MaxPooling", poolWindow()).toString());
    Layer own = new Relu("Mine", 2) { };
    assertSame(LayerKind.RELU, LayerKind.of(own), "a subclass is still a Relu");
    assertNull(LayerKind.of(new IdentityLayer()), "a caller's own layer has no kind");
    assertEquals("affine, relu, sigmoid, tanh, batchnorm, dropout, conv, pool", LayerKind.ids());
  }

  @Test
  void weightInitSpecs() {
    assertEquals("xavier", WeightInit.of("xavier").toString());
    assertEquals("xavier", WeightInit.of(" Sigmoid ").toString());
    assertEquals("he", WeightInit.of("HE").toString());
    assertEquals("he", WeightInit.of("relu").toString());
    assertEquals("gaussian(0.01)", WeightInit.of("0.01").toString());
    assertThrows(IllegalArgumentException.class, () -> WeightInit.of("bogus"));
    assertThrows(IllegalArgumentException.class, () -> WeightInit.of("0"));
    assertThrows(IllegalArgumentException.class, () -> WeightInit.gaussian(0));
    assertDoesNotThrow(() -> WeightInit.gaussian(Double.MIN_VALUE));
  }

  @Test
  void networkDescribesItself() {
    Network net = Network.builder(4).init(WeightInit.he()).affine(3).relu().affine(2)
        .weightDecay(0.5f).build(77);
    assertEquals(77, net.seed());
    assertEquals("he", net.init().toString());
    String s = net.toString();
    assertTrue(s.startsWith("Network[") && s.contains("weight decay 0.5") && s.endsWith("seed 77"),
        s);
    String plain = Network.builder(4).affine(2).build(5).toString();
    assertTrue(!plain.contains("weight decay") && plain.endsWith("seed 5"), plain);
    assertTrue(!net.masksFrozen());
    net.freezeMasks(true);
    assertTrue(net.masksFrozen());
    float loss = net.gradient(random(8, 1), 2, new int[] {0, 1});
    assertTrue(loss > 0 && Float.isFinite(loss), "gradient returns the loss, got " + loss);
    assertEquals(net.loss(random(8, 1), 2, new int[] {0, 1}), loss);
  }

  @Test
  void gradientCheckSettings() {
    GradientCheck g = GradientCheck.withSeed(9).withTolerances(0, 0).withStep(1e-3)
        .withMaxElementsPerParameter(1);
    assertEquals(0, g.atol());
    assertEquals(0, g.rtol());
    assertEquals(9, g.seed());
    assertEquals(1, g.maxElementsPerParameter());
    assertEquals(1e-3, g.step());
    assertThrows(IllegalArgumentException.class, () -> g.withStep(0));
    assertThrows(IllegalArgumentException.class, () -> g.withMaxElementsPerParameter(0));
    assertThrows(IllegalArgumentException.class, () -> g.withTolerances(-1e-300, 0));
    assertThrows(IllegalArgumentException.class, () -> g.withTolerances(0, -1e-300));
    assertTrue(g.withTolerances(0.5, 0).close(1.5, 1.0), "|diff| = atol passes");
    assertTrue(!g.withTolerances(0.5, 0).close(1.5001, 1.0));
    assertTrue(!g.withTolerances(0.5, 0).close(0.4999, 1.0), "|a − n|, not a + n");
  }

  @Test
  void sampledIndicesAreSortedDistinctAndInRange() {
    assertArrayEquals(new int[] {0, 1, 2}, CheckSupport.indices(3, 3, 1, 0));
    for (int n : new int[] {4, 10, 1000}) {
      for (int max : new int[] {1, 3, n - 1}) {
        int[] got = CheckSupport.indices(n, max, 42, 7);
        assertEquals(max, got.length);
        for (int i = 0; i < got.length; i++) {
          assertTrue(got[i] >= 0 && got[i] < n);
          assertTrue(i == 0 || got[i] > got[i - 1], "sorted and distinct: " + Arrays.toString(got));
        }
        assertArrayEquals(got, CheckSupport.indices(n, max, 42, 7), "seeded");
      }
    }
    // The sample covers the whole range: over many salts every index of 10 comes up, and the
    // last element is drawn about as often as the first (a bound off by one would never pick it).
    int[] seen = new int[10];
    for (int salt = 0; salt < 2000; salt++) {
      for (int i : CheckSupport.indices(10, 2, 5, salt)) {
        seen[i]++;
      }
    }
    for (int i = 0; i < 10; i++) {
      assertTrue(seen[i] > 300 && seen[i] < 500, "index " + i + " drawn " + seen[i] + " of 4000");
    }
    // Different seeds and salts choose differently.
    assertTrue(!Arrays.equals(CheckSupport.indices(1000, 5, 1, 0), CheckSupport.indices(1000, 5,
        2, 0)));
    assertTrue(!Arrays.equals(CheckSupport.indices(1000, 5, 1, 0), CheckSupport.indices(1000, 5,
        1, 1)));
  }

  @Test
  void repeatCheckToleratesOnlyTheDocumentedRelativeDifference() {
    float[] a = {1000f, -2f};
    float[] near = {1000f * (float) (1 + GradientCheck.REPEAT_RTOL / 2), -2f};
    float[] far = {1000f * (float) (1 + GradientCheck.REPEAT_RTOL * 4), -2f};
    assertDoesNotThrow(() -> CheckSupport.same("L", "W", a, near, 2, 1));
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> CheckSupport.same("L", "W", a, far, 2, 1));
    assertSame(GradientCheckFailure.Kind.BACKWARD_NOT_REPEATABLE, f.kind());
    assertEquals(0, f.row());
    f = assertThrows(GradientCheckFailure.class,
        () -> CheckSupport.same("L", "W", new float[] {0f, 0f, 0f, 1f},
            new float[] {0f, 0f, 0f, 1.5f}, 2, 1));
    assertEquals(1, f.row(), "index 3 with 2 columns is row 1");
    assertEquals(1, f.col());
    assertTrue(f.getMessage().contains("backward run twice disagrees"), f.getMessage());
    f = assertThrows(GradientCheckFailure.class,
        () -> CheckSupport.zero("L", "b", new float[] {0f, 0f, 2f}, 3, 3, 1));
    assertSame(GradientCheckFailure.Kind.ZERO_UPSTREAM_NOT_ZERO, f.kind());
    assertTrue(f.getMessage().contains("zero upstream gradient gives a non-zero gradient")
        && f.getMessage().contains("expected 0") && !f.getMessage().contains("; ;"),
        f.getMessage());
  }

  /** A layer of the caller's: the identity, no parameters. */
  static final class IdentityLayer implements Layer {
    private float[] y = new float[0];

    @Override
    public String name() {
      return "Identity";
    }

    @Override
    public int inputSize() {
      return 2;
    }

    @Override
    public int outputSize() {
      return 2;
    }

    @Override
    public float[] forward(float[] x, int batch) {
      y = Arrays.copyOf(x, batch * 2);
      return y;
    }

    @Override
    public float[] backward(float[] dout) {
      return dout;
    }

    @Override
    public Parameter[] parameters() {
      return new Parameter[0];
    }
  }
}
