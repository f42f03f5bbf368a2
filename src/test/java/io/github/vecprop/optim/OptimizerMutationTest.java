package io.github.vecprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The update rules on hyperparameters other than the book's (so a rule that ignored its μ, ρ or
 * β would show), two steps each, against values worked out by hand in the comments (dyadic
 * inputs, so most are exact in float); the guards of the constructor and the learning-rate
 * setter at their boundaries; the binding of the state to the parameters; and export/restore,
 * including the {@link OptimizerState} checks and copies. OptimizerTest compares the book's
 * defaults against a double reference; this adds what that comparison cannot tell apart.
 */
class OptimizerMutationTest {

  /** One parameter of 1×n with the given value and a zero gradient. */
  private static Parameter param(String name, float... value) {
    Parameter p = new Parameter(name, 1, value.length);
    p.copyFrom(value);
    return p;
  }

  private static void grad(Parameter p, float... g) {
    System.arraycopy(g, 0, p.grad(), 0, g.length);
  }

  /** Two steps on one parameter starting at 0 with gradients g1 then g2. */
  private static float[] twoSteps(Optimizer opt, float[] g1, float[] g2) {
    Parameter p = param("w", new float[g1.length]);
    grad(p, g1);
    opt.update(List.of(p));
    grad(p, g2);
    opt.update(List.of(p));
    assertEquals(2, opt.step(), opt.name());
    return p.value();
  }

  private static IllegalArgumentException rejects(String start, String what, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(start), "should start with " + start + ": "
        + e.getMessage());
    assertTrue(e.getMessage().contains(what), "should say " + what + ": " + e.getMessage());
    return e;
  }

  @Test
  void sgdSubtractsLrTimesTheGradient() {
    Parameter p = param("w", 1f, -2f, 0.25f);
    grad(p, 2f, 1f, -0.5f);
    new SGD(0.5f).update(List.of(p));
    // 1 − 0.5·2 = 0, −2 − 0.5·1 = −2.5, 0.25 − 0.5·(−0.5) = 0.5
    assertArrayEquals(new float[] {0f, -2.5f, 0.5f}, p.value());
  }

  @Test
  void momentumUsesItsOwnMu() {
    Momentum opt = new Momentum(0.5f, 0.5f);
    assertEquals(0.5f, opt.momentum());
    float[] p = twoSteps(opt, new float[] {1f, -2f}, new float[] {2f, 0f});
    // v1 = −0.5·g1 = (−0.5, 1), p1 = v1; v2 = 0.5·v1 − 0.5·g2 = (−0.25 − 1, 0.5) = (−1.25, 0.5);
    // p2 = p1 + v2 = (−1.75, 1.5)
    assertArrayEquals(new float[] {-1.75f, 1.5f}, p);
  }

  @Test
  void nesterovUsesItsOwnMu() {
    Nesterov opt = new Nesterov(0.5f, 0.5f);
    assertEquals(0.5f, opt.momentum());
    float[] p = twoSteps(opt, new float[] {1f, -2f}, new float[] {2f, 0f});
    // v1 = (−0.5, 1); p1 = μ²·v1 − (1+μ)·lr·g1 = 0.25·(−0.5, 1) − 0.75·(1, −2)
    //    = (−0.875, 1.75)
    // v2 = 0.5·v1 − 0.5·g2 = (−1.25, 0.5); p2 = p1 + 0.25·v2 − 0.75·g2
    //    = (−0.875 − 0.3125 − 1.5, 1.75 + 0.125) = (−2.6875, 1.875)
    assertArrayEquals(new float[] {-2.6875f, 1.875f}, p);
  }

  @Test
  void adaGradDividesByTheRootOfTheSumOfSquares() {
    float[] p = twoSteps(new AdaGrad(0.5f), new float[] {3f, -4f}, new float[] {4f, 0f});
    // h1 = (9, 16): p1 = −0.5·(3/(3 + 1e-7), −4/(4 + 1e-7)) ≈ (−0.5, 0.5)
    // h2 = (25, 16): p2 = p1 − 0.5·(4/(5 + 1e-7), 0) ≈ (−0.9, 0.5)
    assertEquals(-0.9, p[0], 1e-6);
    assertEquals(0.5, p[1], 1e-6);
  }

  /** With |g| = 1e-6, √h = 1e-6 and the 1e-7 is a tenth of it: it must go beside √h. */
  @Test
  void theEpsilonIsAddedToTheRoot() {
    Parameter p = param("w", 0f);
    grad(p, 1e-6f);
    new AdaGrad(0.5f).update(List.of(p));
    // 0.5·1e-6 / (1e-6 + 1e-7) = 0.5/1.1; without eps it would be 0.5, inside the root ≈ 0.0016
    assertEquals(-0.5 / 1.1, p.value()[0], 1e-6);

    Parameter q = param("w", 0f);
    grad(q, 1e-6f);
    new RMSprop(0.5f, 0f).update(List.of(q)); // ρ = 0: h = g², as AdaGrad's first step
    assertEquals(-0.5 / 1.1, q.value()[0], 1e-6);

    Parameter r = param("w", 0f);
    grad(r, 1e-6f);
    new Adam(0.5f, 0f, 0f).update(List.of(r)); // β = 0: m = g, v = g², lrT = lr
    assertEquals(-0.5 / 1.1, r.value()[0], 1e-6);
  }

  @Test
  void rmsPropUsesItsOwnDecay() {
    RMSprop opt = new RMSprop(0.5f, 0.75f);
    assertEquals(0.75f, opt.decay());
    float[] p = twoSteps(opt, new float[] {2f}, new float[] {2f});
    // h1 = 0.25·4 = 1: p1 = −0.5·2/(1 + 1e-7) ≈ −1
    // h2 = 0.75·1 + 0.25·4 = 1.75: p2 = p1 − 1/(√1.75 + 1e-7) = −1 − 0.7559289…
    assertEquals(-1.7559289, p[0], 2e-6);
  }

  @Test
  void adamUsesItsOwnBetasAndTheBiasCorrection() {
    Adam opt = new Adam(0.5f, 0.5f, 0.75f);
    assertEquals(0.5f, opt.beta1());
    assertEquals(0.75f, opt.beta2());
    float[] p = twoSteps(opt, new float[] {2f, -1f}, new float[] {2f, 3f});
    // Element 0. t = 1: m = 0.5·2 = 1, v = 0.25·4 = 1, lrT = 0.5·√0.25/0.5 = 0.5:
    //   p1 = −0.5·1/(1 + 1e-7) ≈ −0.5.
    // t = 2: m = 1 + 0.5·(2 − 1) = 1.5, v = 1 + 0.25·(4 − 1) = 1.75,
    //   lrT = 0.5·√(1 − 0.5625)/(1 − 0.25) = 0.5·√0.4375/0.75 = 0.4409586,
    //   p2 = p1 − 0.4409586·1.5/(√1.75 + 1e-7) = −0.5 − 0.5 = −1 (√0.4375 = √1.75 / 2).
    assertEquals(-1.0, p[0], 1e-6);
    // Element 1. t = 1: m = −0.5, v = 0.25, p1 = −0.5·(−0.5)/(0.5 + 1e-7) ≈ 0.5.
    // t = 2: m = −0.5 + 0.5·(3 + 0.5) = 1.25, v = 0.25 + 0.25·(9 − 0.25) = 2.4375,
    //   p2 = 0.5 − 0.4409586·1.25/√2.4375 = 0.5 − 0.3530494 = 0.1469505
    assertEquals(0.1469505, p[1], 2e-6);
  }

  /**
   * lr·√(1−β2ᵗ)/(1−β1ᵗ) for the book's betas and lr 0.001, from the float constants (0.999f is
   * 0.99900001287…, which moves the result in the sixth digit): about 3.16226e-4, 2.35315e-4 and
   * 2.02009e-4 for t = 1, 2, 3.
   */
  @Test
  void biasCorrectedLearningRateOverTheFirstSteps() {
    Adam adam = new Adam();
    Parameter p = param("w", 0f);
    double lr = 0.001f;
    double b1 = 0.9f;
    double b2 = 0.999f;
    double[] approx = {3.16226e-4, 2.35315e-4, 2.02009e-4};
    for (int t = 1; t <= 3; t++) {
      adam.update(List.of(p));
      double want = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      assertEquals(approx[t - 1], want, 1e-9, "the closed form itself, t = " + t);
      assertEquals((float) want, adam.biasCorrectedLr(), "t = " + t);
    }
  }

  @Test
  void theArrayFormIsTheListForm() {
    for (String name : Optimizers.NAMES) {
      Optimizer a = Optimizers.create(name, 0.5f);
      Optimizer b = Optimizers.create(name, 0.5f);
      Parameter pa = param("w", 1f, 2f);
      Parameter qa = param("b", -1f);
      Parameter pb = param("w", 1f, 2f);
      Parameter qb = param("b", -1f);
      for (int t = 0; t < 3; t++) {
        grad(pa, t + 1f, -2f);
        grad(qa, 0.5f);
        grad(pb, t + 1f, -2f);
        grad(qb, 0.5f);
        a.update(List.of(pa, qa));
        b.update(new Parameter[] {pb, qb});
      }
      assertArrayEquals(pa.value(), pb.value(), name);
      assertArrayEquals(qa.value(), qb.value(), name);
      assertFalse(pb.value()[0] == 1f, name + " moved");
      assertEquals(3, b.step(), name);
    }
  }

  @Test
  void learningRateMustBePositiveAndFinite() {
    for (float bad : new float[] {0f, -0f, -1f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY}) {
      rejects("sgd: learning rate must be positive", "got " + bad, () -> new SGD(bad));
      rejects("adam:", "must be positive", () -> new Adam(bad));
      Momentum m = new Momentum(0.25f);
      rejects("momentum: learning rate must be positive", "got " + bad,
          () -> m.setLearningRate(bad));
      assertEquals(0.25f, m.learningRate(), "a rejected rate leaves the old one");
    }
    // The boundaries: the smallest and the largest finite positive floats.
    assertEquals(Float.MIN_VALUE, new SGD(Float.MIN_VALUE).learningRate());
    assertEquals(Float.MAX_VALUE, new SGD(Float.MAX_VALUE).learningRate());
    SGD sgd = new SGD(0.5f);
    sgd.setLearningRate(Float.MIN_VALUE);
    assertEquals(Float.MIN_VALUE, sgd.learningRate());
    sgd.setLearningRate(0.25f);
    Parameter p = param("w", 1f);
    grad(p, 2f);
    sgd.update(List.of(p));
    assertEquals(0.5f, p.value()[0], "the next update uses the new rate: 1 − 0.25·2");
    assertEquals("sgd(lr=0.25)", sgd.toString());
  }

  @Test
  void stateBindsByCountAndSize() {
    Momentum m = new Momentum(0.5f);
    Parameter w = param("W1", 1f, 2f, 3f, 4f);
    Parameter b = param("b1", 1f, 2f);
    m.update(List.of(w, b));
    rejects("momentum: state holds 2 parameters", "but update got 1",
        () -> m.update(List.of(w)));
    rejects("momentum: state holds 2 parameters", "but update got 3",
        () -> m.update(new Parameter[] {w, b, b}));
    Parameter b5 = param("b1", 1f, 2f, 3f, 4f, 5f);
    rejects("momentum: state for parameter 1 has 2 elements", "but b1[1×5] has 5",
        () -> m.update(List.of(w, b5)));
    rejects("momentum: state for parameter 0 has 4 elements", "has 2",
        () -> m.update(new Parameter[] {b, w}));
    assertEquals(1, m.step(), "a rejected update is not counted");
    // SGD has no state, so nothing binds it.
    SGD sgd = new SGD(0.5f);
    sgd.update(List.of(w));
    sgd.update(List.of(b5, w));
    sgd.update(new Parameter[] {b});
    assertEquals(3, sgd.step());
    assertFalse(sgd.exportState().hasSlots());
    assertEquals(List.of(), sgd.exportState().slotNames());
  }

  /** The first update allocates zeroed state for every parameter, of its size. */
  @Test
  void firstUpdateAllocatesZeroStatePerParameter() {
    for (String name : List.of("momentum", "nesterov", "adagrad", "rmsprop", "adam")) {
      Optimizer opt = Optimizers.create(name, 0.5f);
      assertFalse(opt.exportState().hasSlots(), name);
      Parameter w = param("W1", 0f, 0f, 0f);
      Parameter b = param("b1", 0f);
      opt.update(List.of(w, b)); // zero gradients: the state stays 0
      OptimizerState s = opt.exportState();
      assertTrue(s.hasSlots(), name);
      for (String slot : s.slotNames()) {
        float[][] arrays = s.slot(slot);
        assertEquals(2, arrays.length, name + " " + slot);
        assertArrayEquals(new float[3], arrays[0], name + " " + slot);
        assertArrayEquals(new float[1], arrays[1], name + " " + slot);
      }
    }
  }

  @Test
  void restoreTakesLrStepAndACopyOfTheSlots() {
    Adam a = new Adam(0.5f, 0.5f, 0.75f);
    Parameter p = param("w", 0f, 0f);
    grad(p, 2f, -1f);
    a.update(List.of(p));
    OptimizerState saved = a.exportState();
    assertEquals("adam", saved.name());
    assertEquals(0.5f, saved.learningRate());
    assertEquals(1, saved.step());
    // After one step m = (1 − β1)·g = (1, −0.5), v = (1 − β2)·g² = (1, 0.25).
    assertArrayEquals(new float[] {1f, -0.5f}, saved.slot("m")[0]);
    assertArrayEquals(new float[] {1f, 0.25f}, saved.slot("v")[0]);

    Adam b = new Adam(0.125f, 0.5f, 0.75f);
    b.restoreState(saved);
    assertEquals(0.5f, b.learningRate());
    assertEquals(1, b.step());
    assertArrayEquals(saved.slot("m")[0], b.exportState().slot("m")[0]);
    // b's next update is a's second one (adamUsesItsOwnBetasAndTheBiasCorrection, element 0).
    Parameter q = param("w", p.value());
    grad(q, 2f, 3f);
    b.update(List.of(q));
    assertEquals(-1.0, q.value()[0], 1e-6);
    assertEquals(0.1469505, q.value()[1], 2e-6);
    assertArrayEquals(new float[] {1f, -0.5f}, saved.slot("m")[0], "restore took a copy");

    // A snapshot without slots resets the state: the next update is a first one again at t = 4.
    Momentum m = new Momentum(0.5f, 0.5f);
    Parameter r = param("w", 0f);
    grad(r, 1f);
    m.update(List.of(r));
    m.restoreState(new OptimizerState("momentum", 0.25f, 3, List.of("v"), null));
    assertEquals(3, m.step());
    assertNull(m.exportState().slot("v"));
    r.value()[0] = 0f;
    m.update(List.of(r));
    assertEquals(-0.25f, r.value()[0], "v = −0.25·1 from zero, not 0.5·v_old − 0.25");
    assertEquals(4, m.step());
  }

  @Test
  void restoreChecksNameAndSlots() {
    OptimizerState adam = new Adam().exportState();
    rejects("sgd: cannot restore the state of a adam optimizer", "adam",
        () -> new SGD().restoreState(adam));
    rejects("momentum: expected slots [v], got [h]", "[h]",
        () -> new Momentum().restoreState(new OptimizerState("momentum", 0.1f, 0, List.of("h"),
            null)));
    assertThrows(NullPointerException.class, () -> new SGD().restoreState(null));
    // Same name and slots: accepted, even with no slots yet.
    Momentum m = new Momentum();
    m.restoreState(new OptimizerState("momentum", 0.5f, 0, List.of("v"), null));
    assertEquals(0.5f, m.learningRate());
  }

  @Test
  void stateChecksItsArguments() {
    rejects("step: must be non-negative", "got -1",
        () -> new OptimizerState("sgd", 0.1f, -1, List.of(), null));
    assertEquals(0, new OptimizerState("sgd", 0.1f, 0, List.of(), null).step());
    rejects("slots: expected 2 ([m, v])", "got 1",
        () -> new OptimizerState("adam", 0.1f, 1, List.of("m", "v"), new float[1][1][1]));
    rejects("slots: every slot needs one array per parameter", "",
        () -> new OptimizerState("adam", 0.1f, 1, List.of("m", "v"),
            new float[][][] {{{1f}, {2f}}, {{3f}}}));
    OptimizerState s = new OptimizerState("adam", 0.1f, 1, List.of("m", "v"), null);
    assertFalse(s.hasSlots());
    assertNull(s.slot("v"));
    rejects("slot: adam has [m, v], not h", "not h", () -> s.slot("h"));
    // One slot: the per-parameter count check has nothing to compare.
    OptimizerState one = new OptimizerState("momentum", 0.1f, 2, List.of("v"),
        new float[][][] {{{1f}, {2f, 3f}}});
    assertEquals(2, one.slot("v").length);
  }

  @Test
  void stateCopiesInAndOut() {
    float[][][] slots = {{{1f, 2f}}, {{3f, 4f}}};
    List<String> names = new ArrayList<>(List.of("m", "v"));
    OptimizerState s = new OptimizerState("adam", 0.5f, 7, names, slots);
    slots[0][0][0] = 99f;
    names.set(0, "x");
    assertEquals(List.of("m", "v"), s.slotNames());
    assertThrows(UnsupportedOperationException.class, () -> s.slotNames().add("h"));
    float[][] m = s.slot("m");
    assertArrayEquals(new float[] {1f, 2f}, m[0], "the constructor copied the arrays");
    m[0][1] = 99f;
    assertArrayEquals(new float[] {1f, 2f}, s.slot("m")[0], "slot() hands out copies");
    assertArrayEquals(new float[] {3f, 4f}, s.slot("v")[0]);
    assertEquals(0.5f, s.learningRate());
    assertEquals(7, s.step());
    assertTrue(s.hasSlots());

    // export copies too: a later update does not reach into an exported snapshot.
    Supplier<Momentum> fresh = () -> new Momentum(0.5f, 0.5f);
    Momentum mo = fresh.get();
    Parameter p = param("w", 0f);
    grad(p, 1f);
    mo.update(List.of(p));
    OptimizerState snap = mo.exportState();
    mo.update(List.of(p));
    assertArrayEquals(new float[] {-0.5f}, snap.slot("v")[0]);
    assertArrayEquals(new float[] {-0.75f}, mo.exportState().slot("v")[0],
        "v2 = 0.5·(−0.5) − 0.5·1");
  }

  @Test
  void factoryDefaultsAndNames() {
    String[] names = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};
    float[] lrs = {0.1f, 0.01f, 0.01f, 0.01f, 0.01f, 0.001f};
    List<Class<?>> types = List.of(SGD.class, Momentum.class, Nesterov.class, AdaGrad.class,
        RMSprop.class, Adam.class);
    assertEquals(List.of(names), Optimizers.NAMES);
    for (int j = 0; j < names.length; j++) {
      assertEquals(lrs[j], Optimizers.defaultLearningRate(names[j]), names[j]);
      Optimizer o = Optimizers.create(" " + names[j].toUpperCase(java.util.Locale.ROOT) + "\t");
      assertEquals(types.get(j), o.getClass());
      assertEquals(names[j], o.name());
      assertEquals(lrs[j], o.learningRate(), names[j]);
      assertEquals(0, o.step());
      Optimizer withLr = Optimizers.create(names[j], 0.75f);
      assertEquals(types.get(j), withLr.getClass());
      assertEquals(0.75f, withLr.learningRate());
    }
    rejects("optimizer: expected one of [sgd, momentum, nesterov, adagrad, rmsprop, adam]",
        "got null", () -> Optimizers.create(null));
    rejects("optimizer:", "got adamw", () -> Optimizers.defaultLearningRate("adamw"));
    rejects("optimizer:", "got ", () -> Optimizers.create("", 0.1f));
    rejects("adam: learning rate", "got 0.0", () -> Optimizers.create("adam", 0f));
  }
}
