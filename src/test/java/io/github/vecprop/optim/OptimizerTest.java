package io.github.vecprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each optimizer against the book's formulas, its defaults, the factory and checkpointing. */
class OptimizerTest {

  static List<Parameter> params(long seed) {
    Parameter w = new Parameter("W1", 3, 4);
    Parameter b = new Parameter("b1", 1, 4);
    SplittableRandom r = new SplittableRandom(seed);
    for (Parameter p : List.of(w, b)) {
      for (int i = 0; i < p.size(); i++) {
        p.value()[i] = (float) r.nextGaussian();
      }
    }
    return List.of(w, b);
  }

  static void grads(List<Parameter> ps, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Parameter p : ps) {
      for (int i = 0; i < p.size(); i++) {
        p.grad()[i] = (float) r.nextGaussian();
      }
    }
  }

  /** The book's optimizer.py, in double, for one parameter array over several steps. */
  static double[] reference(String name, float lr, double[] p0, double[][] gs) {
    double[] p = p0.clone();
    double[] v = new double[p.length];
    double[] m = new double[p.length];
    double[] h = new double[p.length];
    for (int t = 1; t <= gs.length; t++) {
      double[] g = gs[t - 1];
      for (int i = 0; i < p.length; i++) {
        switch (name) {
          case "sgd":
            p[i] -= lr * g[i];
            break;
          case "momentum":
            v[i] = 0.9 * v[i] - lr * g[i];
            p[i] += v[i];
            break;
          case "nesterov":
            v[i] *= 0.9;
            v[i] -= lr * g[i];
            p[i] += 0.9 * 0.9 * v[i];
            p[i] -= (1 + 0.9) * lr * g[i];
            break;
          case "adagrad":
            h[i] += g[i] * g[i];
            p[i] -= lr * g[i] / (Math.sqrt(h[i]) + 1e-7);
            break;
          case "rmsprop":
            h[i] *= 0.99;
            h[i] += (1 - 0.99) * g[i] * g[i];
            p[i] -= lr * g[i] / (Math.sqrt(h[i]) + 1e-7);
            break;
          default: {
            double lrT = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            m[i] += (1 - 0.9) * (g[i] - m[i]);
            v[i] += (1 - 0.999) * (g[i] * g[i] - v[i]);
            p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-7);
          }
        }
      }
    }
    return p;
  }

  @Test
  void everyOptimizerFollowsTheBook() {
    for (String name : Optimizers.NAMES) {
      Optimizer opt = Optimizers.create(name);
      List<Parameter> ps = params(1);
      Parameter w = ps.get(0);
      double[] p0 = new double[w.size()];
      for (int i = 0; i < p0.length; i++) {
        p0[i] = w.value()[i];
      }
      int steps = 5;
      double[][] gs = new double[steps][];
      for (int t = 0; t < steps; t++) {
        grads(ps, 100 + t);
        gs[t] = new double[w.size()];
        for (int i = 0; i < w.size(); i++) {
          gs[t][i] = w.grad()[i];
        }
        opt.update(ps);
      }
      double[] expected = reference(name, opt.learningRate(), p0, gs);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], w.value()[i], 1e-5 * (1 + Math.abs(expected[i])), name + " " + i);
      }
      assertEquals(steps, opt.step());
    }
  }

  @Test
  void defaultsAreTheBooksAndTheSeeds() {
    assertEquals(0.1f, new SGD().learningRate());
    assertEquals(0.01f, new Momentum().learningRate());
    assertEquals(0.9f, new Momentum().momentum());
    assertEquals(0.01f, new Nesterov().learningRate());
    assertEquals(0.9f, new Nesterov().momentum());
    assertEquals(0.01f, new AdaGrad().learningRate());
    assertEquals(0.01f, new RMSprop().learningRate());
    assertEquals(0.99f, new RMSprop().decay());
    assertEquals(0.001f, new Adam().learningRate());
    assertEquals(0.9f, new Adam().beta1());
    assertEquals(0.999f, new Adam().beta2());
  }

  @Test
  void factoryByName() {
    assertTrue(Optimizers.create("sgd", 0.5f) instanceof SGD);
    assertTrue(Optimizers.create("Momentum", 0.5f) instanceof Momentum);
    assertTrue(Optimizers.create("nesterov", 0.5f) instanceof Nesterov);
    assertTrue(Optimizers.create("adagrad", 0.5f) instanceof AdaGrad);
    assertTrue(Optimizers.create("rmsprop", 0.5f) instanceof RMSprop);
    Optimizer adam = Optimizers.create("ADAM", 0.5f);
    assertTrue(adam instanceof Adam);
    assertEquals(0.5f, adam.learningRate());
    assertEquals("adam", adam.name());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create("adamw", 0.1f));
    assertTrue(e.getMessage().contains("adamw"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizers.create("sgd", 0f));
  }

  @Test
  void stateRoundTripResumesBitExactly() {
    for (String name : Optimizers.NAMES) {
      Optimizer a = Optimizers.create(name);
      List<Parameter> pa = params(2);
      for (int t = 0; t < 3; t++) {
        grads(pa, t);
        a.update(pa);
      }
      OptimizerState saved = a.exportState();
      float[][] savedValues = {pa.get(0).copyOfValue(), pa.get(1).copyOfValue()};
      for (int t = 3; t < 6; t++) {
        grads(pa, t);
        a.update(pa);
      }

      Optimizer b = Optimizers.create(name);
      List<Parameter> pb = params(99);
      pb.get(0).copyFrom(savedValues[0]);
      pb.get(1).copyFrom(savedValues[1]);
      b.restoreState(saved);
      assertEquals(3, b.step());
      for (int t = 3; t < 6; t++) {
        grads(pb, t);
        b.update(pb);
      }
      assertArrayEquals(pa.get(0).value(), pb.get(0).value(), name);
      assertArrayEquals(pa.get(1).value(), pb.get(1).value(), name);
      assertEquals(a.step(), b.step());
    }
  }

  @Test
  void exportedStateIsACopy() {
    Adam adam = new Adam();
    List<Parameter> ps = params(3);
    grads(ps, 1);
    adam.update(ps);
    OptimizerState s = adam.exportState();
    assertEquals(List.of("m", "v"), s.slotNames());
    float[] m0 = s.slot("m")[0].clone();
    adam.update(ps);
    assertArrayEquals(m0, s.slot("m")[0], "the snapshot does not follow the optimizer");
    assertFalse(java.util.Arrays.equals(m0, adam.exportState().slot("m")[0]));
    assertNull(new Momentum().exportState().slot("v"), "no state before the first update");
    assertThrows(IllegalArgumentException.class, () -> new SGD().restoreState(s));
  }

  @Test
  void stateBindsToTheSameParameterList() {
    Momentum m = new Momentum();
    List<Parameter> ps = params(4);
    m.update(ps);
    assertThrows(IllegalArgumentException.class, () -> m.update(List.of(ps.get(0))));
    assertThrows(IllegalArgumentException.class, () -> m.update(List.of(ps.get(1), ps.get(0))));
  }
}
