package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.sameBits;
import static io.github.vecprop.nn.StackFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Inverted dropout's modes: in training about p of the units are dropped (a 6σ binomial bound
 * over 100 000 units, per p and per position of the four 16-bit draws in a 64-bit word), the
 * kept ones are scaled by exactly 1/(1 − p) (bit for bit: one float product), backward uses the
 * same mask; at inference the layer is the identity and draws nothing; one seed gives one mask
 * sequence, and restoring {@code generatorState} replays it.
 */
class DropoutModeTest {
  static final int SIZE = 1000;
  static final int BATCH = 100;

  static float[] ones(int n) {
    float[] o = new float[n];
    Arrays.fill(o, 1f);
    return o;
  }

  /** The mask of one training forward: the output for an all-ones input. */
  static float[] mask(Dropout d, int batch) {
    return Arrays.copyOf(d.forward(ones(batch * d.inputSize()), batch), batch * d.inputSize());
  }

  /** 1/(1 − p) computed in double from the float p, rounded once to float. */
  static float keepScale(float p) {
    return (float) (1.0 / (1.0 - p));
  }

  @Test
  void aboutPOfTheUnitsAreDroppedAndTheRestScaledByExactlyOneOverOneMinusP() {
    for (float p : new float[] {0.05f, 0.2f, 0.5f, 0.75f, 0.9f}) {
      Dropout d = new Dropout(SIZE, p, 1234);
      float[] x = uniform(BATCH * SIZE, 5, -2, 2);
      float[] y = Arrays.copyOf(d.forward(x, BATCH), x.length);
      float s = keepScale(p);
      int n = x.length;
      int dropped = 0;
      int[] droppedAtLane = new int[4];
      for (int i = 0; i < n; i++) {
        if (y[i] == 0f) {
          dropped++;
          droppedAtLane[i % 4]++;
        } else {
          assertEquals(Float.floatToRawIntBits((float) ((double) x[i] * s)),
              Float.floatToRawIntBits(y[i]), "p " + p + ": kept unit " + i + " is x·1/(1−p)");
        }
      }
      double sd = Math.sqrt(n * p * (1.0 - p));
      assertEquals(p * n, dropped, 6 * sd, "p " + p + ": dropped " + dropped + " of " + n);
      for (int lane = 0; lane < 4; lane++) {
        double sdLane = Math.sqrt(n / 4.0 * p * (1.0 - p));
        assertEquals(p * n / 4.0, droppedAtLane[lane], 6 * sdLane, "p " + p + " lane " + lane);
      }
    }
  }

  @Test
  void scalesThatAreExactInBinaryComeOutExactly() {
    // 1/(1−p) = 1.25, 2 and 4: the kept units of an all-ones input are exactly these.
    float[][] cases = {{0.2f, 1.25f}, {0.5f, 2f}, {0.75f, 4f}};
    for (float[] c : cases) {
      float[] m = mask(new Dropout(64, c[0], 9), 10);
      for (float v : m) {
        assertTrue(v == 0f || v == c[1], "p " + c[0] + ": mask value " + v);
      }
    }
    // p = 0 drops nothing and scales by one: the identity even in training.
    float[] x = uniform(3 * 50, 6, -1, 1);
    assertTrue(sameBits(x, new Dropout(50, 0f, 1).forward(x, 3), x.length));
  }

  @Test
  void rowsAndSuccessiveForwardsGetIndependentMasks() {
    float p = 0.5f;
    Dropout d = new Dropout(SIZE, p, 77);
    float[] a = mask(d, BATCH);
    float[] b = mask(d, BATCH);
    assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, SIZE), Arrays.copyOfRange(a, SIZE,
        2 * SIZE)), "two rows share a mask");
    int bothKept = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != 0f && b[i] != 0f) {
        bothKept++;
      }
    }
    double q = (1 - p) * (1 - p);
    double sd = Math.sqrt(a.length * q * (1 - q));
    assertEquals(q * a.length, bothKept, 6 * sd, "successive masks are independent");
  }

  @Test
  void backwardUsesTheMaskOfTheLastForward() {
    Dropout d = new Dropout(40, 0.3f, 5);
    float[] m = mask(d, 6);
    float[] dout = uniform(6 * 40, 7, -1, 1);
    float[] dx = d.backward(dout);
    for (int i = 0; i < m.length; i++) {
      assertEquals(Float.floatToRawIntBits(dout[i] * m[i]), Float.floatToRawIntBits(dx[i]),
          "dx[" + i + "]");
    }
  }

  @Test
  void atInferenceTheLayerIsTheIdentityAndDrawsNothing() {
    Dropout d = new Dropout(30, 0.6f, 3);
    mask(d, 4);
    d.setTraining(false);
    long state = d.generatorState();
    float[] x = uniform(4 * 30, 8, -3, 3);
    assertTrue(sameBits(x, d.forward(x, 4), x.length), "forward is the identity");
    float[] dout = uniform(4 * 30, 9, -1, 1);
    assertTrue(sameBits(dout, d.backward(dout), dout.length), "backward is the identity");
    assertEquals(state, d.generatorState(), "inference draws no mask");
    d.setTraining(true);
    float[] y = d.forward(x, 4);
    assertFalse(sameBits(x, y, x.length), "back in training mode it drops again");
  }

  /**
   * The documented rule, against the JDK's own SplitMix64: {@code new SplittableRandom(seed)}
   * adds the same golden gamma and mixes with the same constants, so its nextLong() sequence is
   * the layer's draws. Element e takes bits [16·(e mod 4), +16) of draw e / 4 (the count
   * continuing across forwards); it is +0 when they are below round(p·2¹⁶), else exactly
   * 1/(1 − p). Sizes with tails of 1–3 elements, so a last draw is only partly used.
   */
  @Test
  void masksAreTheDocumentedSixteenBitSlicesOfSplitMix64Draws() {
    for (int[] c : new int[][] {{7, 3, 20}, {10, 1, 50}, {13, 5, 25}, {100, 100, 20}}) {
      int size = c[0];
      int batch = c[1];
      float p = c[2] / 100f;
      long seed = 1000L * size + batch;
      Dropout d = new Dropout(size, p, seed);
      java.util.SplittableRandom reference = new java.util.SplittableRandom(seed);
      int threshold = Math.round(p * 65536f);
      for (int forward = 0; forward < 3; forward++) {
        float[] got = mask(d, batch);
        long draw = 0;
        for (int e = 0; e < size * batch; e++) {
          if (e % 4 == 0) {
            draw = reference.nextLong();
          }
          int u = (int) ((draw >>> (16 * (e % 4))) & 0xFFFF);
          float want = u < threshold ? 0f : keepScale(p);
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[e]),
              "size " + size + " batch " + batch + " p " + p + " forward " + forward
                  + " element " + e + " (16 bits " + u + ")");
        }
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameMasksAndAnotherSeedOthers() {
    Dropout a = new Dropout(200, 0.4f, 42);
    Dropout b = new Dropout(200, 0.4f, 42);
    Dropout c = new Dropout(200, 0.4f, 43);
    for (int k = 0; k < 3; k++) {
      float[] ma = mask(a, 7);
      assertArrayEquals(ma, mask(b, 7), "forward " + k);
      assertFalse(Arrays.equals(ma, mask(c, 7)), "forward " + k);
    }
    assertEquals(a.generatorState(), b.generatorState());
  }

  @Test
  void restoringTheGeneratorStateReplaysTheMasks() {
    Dropout d = new Dropout(90, 0.3f, 11);
    mask(d, 5);
    long saved = d.generatorState();
    float[] m1 = mask(d, 5);
    float[] m2 = mask(d, 3);
    assertFalse(Arrays.equals(Arrays.copyOf(m1, m2.length), m2));
    d.setGeneratorState(saved);
    assertArrayEquals(m1, mask(d, 5));
    assertArrayEquals(m2, mask(d, 3));
    // Into another layer with another seed (a checkpoint restored into a fresh network).
    Dropout other = new Dropout(90, 0.3f, 999);
    other.setGeneratorState(saved);
    assertArrayEquals(m1, mask(other, 5));
    // While frozen, restoring drops the frozen mask: the next forward draws from the state.
    other.setMaskFrozen(true);
    float[] frozen = mask(other, 5);
    assertArrayEquals(frozen, mask(other, 5), "frozen: the mask is reused");
    long whileFrozen = other.generatorState();
    mask(other, 5);
    assertEquals(whileFrozen, other.generatorState(), "a frozen forward draws nothing");
    other.setGeneratorState(saved);
    assertArrayEquals(m1, mask(other, 5));
  }

  @Test
  void builtNetworksWithTheSameSeedDropTheSameUnits() {
    NetworkBuilder spec = Network.builder(20).affine(30).relu().dropout(0.5f).affine(30).relu()
        .dropout(0.5f).affine(4);
    float[] x = uniform(8 * 20, 1, -1, 1);
    Network a = spec.build(5);
    Network b = Network.builder(20).layers("affine:30,relu,dropout:0.5,affine:30,relu,dropout:0.5,"
        + "affine:4").build(5);
    Network c = Network.builder(20).layers("affine:30,relu,dropout:0.5,affine:30,relu,dropout:0.5,"
        + "affine:4").build(6);
    c.loadParameters(a.copyParameters());
    float[] pa = Arrays.copyOf(a.predict(x, 8), 32);
    assertTrue(sameBits(pa, b.predict(x, 8), 32), "same seed, same masks");
    assertFalse(sameBits(pa, c.predict(x, 8), 32), "same weights, other seed: other masks");
    Dropout d1 = (Dropout) a.layers().get(2);
    Dropout d2 = (Dropout) a.layers().get(5);
    assertFalse(Arrays.equals(mask(d1, 8), mask(d2, 8)),
        "the two dropout layers of one network draw from different streams");
  }
}
