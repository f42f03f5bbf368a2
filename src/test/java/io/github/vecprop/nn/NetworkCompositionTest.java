package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.sameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Composition: {@code Network.builder} and layer specs build the expected layers, names and
 * shapes; bad specs are rejected with one line naming the token; the shorthand constructor and
 * its builder equivalent draw bit-identical weights (checked also against Box–Muller recomputed
 * here from the documented recipe), which do not depend on BatchNorm or Dropout layers.
 */
class NetworkCompositionTest {
  static final String SPEC = "affine:100,batchnorm,relu,dropout:0.2,affine:10";

  @Test
  void theSpecBuildsTheExpectedLayersAndParameters() {
    Network net = Network.builder(784).layers(SPEC).build(42);
    List<Layer> ls = net.layers();
    assertEquals(5, ls.size());
    assertInstanceOf(Affine.class, ls.get(0));
    assertInstanceOf(BatchNorm.class, ls.get(1));
    assertInstanceOf(Relu.class, ls.get(2));
    assertInstanceOf(Dropout.class, ls.get(3));
    assertInstanceOf(Affine.class, ls.get(4));
    assertEquals(List.of("Affine1", "BatchNorm1", "Relu1", "Dropout1", "Affine2"),
        ls.stream().map(Layer::name).toList());
    int[][] io = {{784, 100}, {100, 100}, {100, 100}, {100, 100}, {100, 10}};
    for (int i = 0; i < io.length; i++) {
      assertEquals(io[i][0], ls.get(i).inputSize(), ls.get(i).name() + " in");
      assertEquals(io[i][1], ls.get(i).outputSize(), ls.get(i).name() + " out");
    }
    assertEquals(0.2f, ((Dropout) ls.get(3)).ratio());
    List<Parameter> ps = net.parameters();
    assertEquals(List.of("W1", "b1", "gamma1", "beta1", "W2", "b2"),
        ps.stream().map(Parameter::name).toList());
    int[][] shapes = {{784, 100}, {1, 100}, {1, 100}, {1, 100}, {100, 10}, {1, 10}};
    for (int p = 0; p < shapes.length; p++) {
      assertEquals(shapes[p][0], ps.get(p).rows(), ps.get(p).name() + " rows");
      assertEquals(shapes[p][1], ps.get(p).cols(), ps.get(p).name() + " cols");
    }
    BatchNorm bn = (BatchNorm) ls.get(1);
    assertSame(net.parameter("gamma1"), bn.gamma());
    assertSame(net.parameter("beta1"), bn.beta());
    for (int j = 0; j < 100; j++) {
      assertEquals(1f, bn.gamma().value()[j], "γ starts at one");
      assertEquals(0f, bn.beta().value()[j], "β starts at zero");
      assertEquals(0f, net.parameter("b1").value()[j], "biases start at zero");
    }
    assertEquals(784, net.inputSize());
    assertEquals(10, net.outputSize());
    assertTrue(net.isTraining(), "a built network starts in training mode");
    assertEquals(0f, net.weightDecay());
  }

  @Test
  void theSpecAndTheBuilderCallsAreTheSameNetwork() {
    Network spec = Network.builder(784).init(WeightInit.he()).layers(SPEC).weightDecay(0.1f)
        .build(7);
    Network calls = Network.builder(784).init(WeightInit.he()).affine(100).batchNorm().relu()
        .dropout(0.2f).affine(10).weightDecay(0.1f).build(7);
    assertEquals(calls.layers().stream().map(Layer::toString).toList(),
        spec.layers().stream().map(Layer::toString).toList());
    assertEquals(0.1f, spec.weightDecay());
    for (int p = 0; p < spec.parameters().size(); p++) {
      Parameter a = spec.parameters().get(p);
      assertTrue(sameBits(a.value(), calls.parameters().get(p).value(), a.size()), a.name());
    }
    // Blanks around tokens are ignored.
    Network spaced = Network.builder(784).init(WeightInit.he())
        .layers(" affine:100 , batchnorm,relu , dropout:0.2,affine: 10 ").weightDecay(0.1f)
        .build(7);
    assertEquals(spec.toString(), spaced.toString());
  }

  static IllegalArgumentException rejected(String spec) {
    return assertThrows(IllegalArgumentException.class,
        () -> Network.builder(784).layers(spec), "spec \"" + spec + "\"");
  }

  @Test
  void badSpecsAreRejectedWithOneLineNamingTheToken() {
    String[][] cases = {
        // spec, the token the message must name
        {"affine:100,softmax,affine:10", "softmax"},
        {"affine:0", "affine:0"},
        {"affine:100,dropout:1.5,affine:10", "dropout:1.5"},
        {"affine:100,relu:3,affine:10", "relu:3"},
        {"affine:-5", "affine:-5"},
        {"affine:ten", "affine:ten"},
        {"affine", "affine"},
        {"affine:100,dropout,affine:10", "dropout"},
        {"affine:100,dropout:1,affine:10", "dropout:1"},
        {"affine:100,dropout:-0.1,affine:10", "dropout:-0.1"},
        {"affine:100,dropout:NaN,affine:10", "dropout:NaN"},
        {"affine:100,batchnorm:2,affine:10", "batchnorm:2"},
        {"affine:100,tanh:1,affine:10", "tanh:1"},
    };
    for (String[] c : cases) {
      String m = rejected(c[0]).getMessage();
      assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
      assertTrue(m.contains("\"" + c[1] + "\""), "names the token " + c[1] + ": " + m);
    }
    // An empty token (a doubled or trailing comma) is named by its position.
    for (String spec : new String[] {"affine:100,,affine:10", "affine:10,"}) {
      String m = rejected(spec).getMessage();
      assertFalse(m.contains("\n"), m);
      assertTrue(m.contains("token 2") && m.contains("\"\""), m);
    }
    for (String spec : new String[] {"", "   "}) {
      String m = rejected(spec).getMessage();
      assertFalse(m.contains("\n"), m);
      assertTrue(m.contains("empty"), m);
    }
    assertThrows(IllegalArgumentException.class, () -> Network.builder(784).layers(null));
  }

  @Test
  void builderMisuseIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Network.builder(0));
    assertThrows(IllegalArgumentException.class, () -> Network.builder(4).affine(0));
    assertThrows(IllegalArgumentException.class, () -> Network.builder(4).dropout(1f));
    assertThrows(IllegalArgumentException.class, () -> Network.builder(4).dropout(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> Network.builder(4).weightDecay(-0.1f));
    assertThrows(IllegalArgumentException.class,
        () -> Network.builder(4).weightDecay(Float.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> Network.builder(4).weightDecay(Float.POSITIVE_INFINITY));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Network.builder(4).affine(5).add(new Scale("Scale1", "s1", 6, 1f)));
    assertTrue(e.getMessage().contains("Scale1"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Network.builder(4).build(1));
    NetworkBuilder b = Network.builder(4).affine(2);
    b.build(1);
    assertThrows(IllegalStateException.class, () -> b.build(1), "a builder builds once");
    // Two layers sharing a parameter are one parameter twice: rejected.
    Scale shared = new Scale("Scale1", "s1", 2, 1f);
    assertThrows(IllegalArgumentException.class,
        () -> Network.builder(2).add(shared).add(shared).affine(2).build(1));
  }

  @Test
  void theShorthandAndTheBuilderGiveBitIdenticalWeights() {
    Network shorthand = new Network(new int[] {784, 50, 10}, Activation.RELU,
        WeightInit.gaussian(0.01), 42);
    Network built = Network.builder(784).init(WeightInit.gaussian(0.01)).affine(50).relu()
        .affine(10).build(42);
    Network spec = Network.builder(784).init(WeightInit.gaussian(0.01))
        .layers("affine:50,relu,affine:10").build(42);
    Network other = Network.builder(784).init(WeightInit.gaussian(0.01)).affine(50).relu()
        .affine(10).build(43);
    assertEquals(shorthand.layers().stream().map(Layer::toString).toList(),
        built.layers().stream().map(Layer::toString).toList());
    for (String name : List.of("W1", "b1", "W2", "b2")) {
      Parameter a = shorthand.parameter(name);
      assertTrue(sameBits(a.value(), built.parameter(name).value(), a.size()), name);
      assertTrue(sameBits(a.value(), spec.parameter(name).value(), a.size()), name + " (spec)");
    }
    assertFalse(sameBits(shorthand.parameter("W1").value(), other.parameter("W1").value(), 50),
        "another seed draws other weights");
    // Independently: W1 then W2 from one SplittableRandom(42), Box–Muller in StrictMath.
    SplittableRandom r = new SplittableRandom(42);
    float[] w1 = boxMuller(784 * 50, 0.01, r);
    float[] w2 = boxMuller(50 * 10, 0.01, r);
    assertTrue(sameBits(w1, shorthand.parameter("W1").value(), w1.length), "W1 as documented");
    assertTrue(sameBits(w2, shorthand.parameter("W2").value(), w2.length), "W2 as documented");
  }

  /** The recipe of WeightInit's javadoc, written out: two normals per two uniforms, 1 − u. */
  static float[] boxMuller(int n, double std, SplittableRandom r) {
    float[] w = new float[n];
    for (int i = 0; i < n; i += 2) {
      double u1 = 1.0 - r.nextDouble();
      double u2 = r.nextDouble();
      double rad = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      w[i] = (float) (std * rad * StrictMath.cos(2.0 * StrictMath.PI * u2));
      if (i + 1 < n) {
        w[i + 1] = (float) (std * rad * StrictMath.sin(2.0 * StrictMath.PI * u2));
      }
    }
    return w;
  }

  @Test
  void batchNormAndDropoutDoNotChangeTheWeights() {
    Network plain = Network.builder(30).init(WeightInit.xavier()).layers("affine:20,relu,"
        + "affine:15,tanh,affine:4").build(9);
    Network extended = Network.builder(30).init(WeightInit.xavier()).layers("affine:20,"
        + "batchnorm,relu,dropout:0.5,affine:15,batchnorm,tanh,dropout:0.3,affine:4").build(9);
    for (String name : List.of("W1", "W2", "W3")) {
      Parameter a = plain.parameter(name);
      assertTrue(sameBits(a.value(), extended.parameter(name).value(), a.size()), name);
    }
    assertEquals(List.of("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3",
        "b3"), extended.parameters().stream().map(Parameter::name).toList());
  }
}
