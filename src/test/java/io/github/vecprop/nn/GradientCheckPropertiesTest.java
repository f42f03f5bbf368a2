package io.github.vecprop.nn;

import static io.github.vecprop.nn.LayerContractTest.affine;
import static io.github.vecprop.nn.LayerContractTest.random;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The two checks {@link GradientCheck} makes before any central difference, each caught on a
 * backward pass that is right on its first call, so only that check can catch it: a backward that
 * adds to the previous gradient instead of overwriting it (run twice, it disagrees), and one that
 * skips an all-zero upstream and leaves the last gradient in place (a zero upstream then gives a
 * non-zero gradient). Each is checked on a layer alone, on the loss layer (both label forms) and in
 * a network (both label forms); the same checks pass on the unbroken layer and network.
 */
class GradientCheckPropertiesTest {
  static final GradientCheck CHECK = GradientCheck.withSeed(3);

  /** How a wrapped layer's backward is broken. */
  enum Fault {
    NONE, ACCUMULATES, STALE_ON_ZERO
  }

  /** An Affine whose backward is broken as told (forward and parameters are the Affine's). */
  static final class Broken implements Layer {
    final Affine inner;
    final Fault fault;
    float[] lastDx;

    Broken(Affine inner, Fault fault) {
      this.inner = inner;
      this.fault = fault;
    }

    @Override
    public String name() {
      return "Broken" + fault;
    }

    @Override
    public int inputSize() {
      return inner.inputSize();
    }

    @Override
    public int outputSize() {
      return inner.outputSize();
    }

    @Override
    public float[] forward(float[] x, int batch) {
      return inner.forward(x, batch);
    }

    @Override
    public float[] backward(float[] dout) {
      boolean allZero = true;
      for (float v : dout) {
        allZero &= v == 0f;
      }
      if (fault == Fault.STALE_ON_ZERO && allZero && lastDx != null) {
        return lastDx;
      }
      Parameter[] ps = inner.parameters();
      float[][] before = new float[ps.length][];
      for (int p = 0; p < ps.length; p++) {
        before[p] = ps[p].grad().clone();
      }
      float[] dx = inner.backward(dout);
      if (fault == Fault.ACCUMULATES) {
        for (int p = 0; p < ps.length; p++) {
          float[] g = ps[p].grad();
          for (int i = 0; i < g.length; i++) {
            g[i] += before[p][i];
          }
        }
      }
      lastDx = dx == null ? null : dx.clone();
      return dx;
    }

    @Override
    public Parameter[] parameters() {
      return inner.parameters();
    }

    @Override
    public void reserve(int batch) {
      inner.reserve(batch);
    }
  }

  /** A loss layer whose backward is broken as told. */
  static final class BrokenLoss extends SoftmaxWithLoss {
    final Fault fault;
    int calls;

    BrokenLoss(int classes, Fault fault) {
      super(classes);
      this.fault = fault;
    }

    @Override
    public float[] backward(float dout) {
      float[] dx = super.backward(fault == Fault.STALE_ON_ZERO && dout == 0f ? 1f : dout);
      if (fault == Fault.ACCUMULATES) {
        float scale = 1f + 1e-2f * calls++;
        for (int i = 0; i < batch() * classes(); i++) {
          dx[i] *= scale;
        }
      }
      return dx;
    }
  }

  static void assertFails(GradientCheckFailure.Kind kind, Runnable check) {
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class, check::run);
    assertSame(kind, f.kind(), f.getMessage());
  }

  static GradientCheckFailure.Kind kindOf(Fault fault) {
    return fault == Fault.ACCUMULATES ? GradientCheckFailure.Kind.BACKWARD_NOT_REPEATABLE
        : GradientCheckFailure.Kind.ZERO_UPSTREAM_NOT_ZERO;
  }

  @Test
  void aLayerAlone() {
    float[] x = random(3 * 5, 1);
    assertDoesNotThrow(() -> CHECK.checkLayer(new Broken(affine("A", 5, 4, 2), Fault.NONE), x, 3));
    for (Fault f : new Fault[] {Fault.ACCUMULATES, Fault.STALE_ON_ZERO}) {
      assertFails(kindOf(f), () -> CHECK.checkLayer(new Broken(affine("A", 5, 4, 2), f), x, 3));
    }
  }

  @Test
  void theLossLayerWithBothLabelForms() {
    float[] x = random(2 * 3, 4);
    int[] labels = {2, 0};
    float[] oneHot = {0, 0, 1, 1, 0, 0};
    assertDoesNotThrow(() -> CHECK.checkLoss(new BrokenLoss(3, Fault.NONE), x, 2, labels));
    assertDoesNotThrow(() -> CHECK.checkLoss(new BrokenLoss(3, Fault.NONE), x, 2, oneHot));
    for (Fault f : new Fault[] {Fault.ACCUMULATES, Fault.STALE_ON_ZERO}) {
      assertFails(kindOf(f), () -> CHECK.checkLoss(new BrokenLoss(3, f), x, 2, labels));
      assertFails(kindOf(f), () -> CHECK.checkLoss(new BrokenLoss(3, f), x, 2, oneHot));
    }
    // A consistently wrong gradient (twice the right one) is a mismatch, in every element.
    SoftmaxWithLoss doubled = new SoftmaxWithLoss(3) {
      @Override
      public float[] backward(float dout) {
        return super.backward(2 * dout);
      }
    };
    assertFails(GradientCheckFailure.Kind.MISMATCH, () -> CHECK.checkLoss(doubled, x, 2, labels));
    assertFails(GradientCheckFailure.Kind.MISMATCH, () -> CHECK.checkLoss(doubled, x, 2, oneHot));
    GradientCheckFailure last = assertThrows(GradientCheckFailure.class,
        () -> CHECK.checkLoss(doubled, x, 2, new float[] {1, 0, 0, 0, 0, 1}));
    assertEquals("x", last.parameter());
  }

  static Network network(Fault fault) {
    Affine second = affine("Affine2", 4, 3, 5);
    return Network.builder(5).affine(4).tanh().add(new Broken(second, fault)).build(6);
  }

  @Test
  void aNetworkWithBothLabelForms() {
    float[] x = random(2 * 5, 7);
    int[] labels = {1, 2};
    float[] oneHot = {0, 1, 0, 0, 0, 1};
    // A fresh network: its gradients start at zero, so the check's own first backward matters.
    assertDoesNotThrow(() -> CHECK.checkNetwork(network(Fault.NONE), x, 2, labels));
    assertDoesNotThrow(() -> CHECK.checkNetwork(network(Fault.NONE), x, 2, oneHot));
    for (Fault f : new Fault[] {Fault.ACCUMULATES, Fault.STALE_ON_ZERO}) {
      assertFails(kindOf(f), () -> CHECK.checkNetwork(network(f), x, 2, labels));
      assertFails(kindOf(f), () -> CHECK.checkNetwork(network(f), x, 2, oneHot));
    }
    // After the check the network's gradients are those of (x, labels) again.
    Network net = network(Fault.NONE);
    Network ref = network(Fault.NONE);
    CHECK.checkNetwork(net, x, 2, labels);
    ref.gradient(x, 2, labels);
    for (int p = 0; p < net.parameters().size(); p++) {
      assertEquals(Arrays.toString(ref.parameters().get(p).grad()),
          Arrays.toString(net.parameters().get(p).grad()), "parameter " + p);
    }
  }
}
