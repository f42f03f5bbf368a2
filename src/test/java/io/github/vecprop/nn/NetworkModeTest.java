package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.labels;
import static io.github.vecprop.nn.StackFixtures.oneHot;
import static io.github.vecprop.nn.StackFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The network's modes: {@link Network#setTraining} switches every layer;
 * {@link Network#classify}, {@link Network#countCorrect} and {@link Network#accuracy} run in
 * inference mode whatever the current mode, leave the mode as it was (also when they throw),
 * and neither move BatchNorm's running statistics nor draw Dropout masks.
 */
class NetworkModeTest {
  static final int IN = 6;
  static final int CLASSES = 4;
  static final int BATCH = 12;

  static Network net() {
    Network net = Network.builder(IN).init(WeightInit.he()).affine(10).batchNorm().relu()
        .dropout(0.5f).affine(CLASSES).build(3);
    // A few training forwards so the running statistics are not zero.
    for (int s = 0; s < 4; s++) {
      net.predict(uniform(BATCH * IN, 10 + s, -1, 1), BATCH);
    }
    return net;
  }

  static BatchNorm batchNorm(Network net) {
    return (BatchNorm) net.layers().get(1);
  }

  static Dropout dropout(Network net) {
    return (Dropout) net.layers().get(3);
  }

  /** Argmax of the inference-mode logits, computed with predict, the mode restored after. */
  static int[] inferenceArgmax(Network net, float[] x, int batch) {
    boolean was = net.isTraining();
    net.setTraining(false);
    float[] z = net.predict(x, batch);
    net.setTraining(was);
    int[] out = new int[batch];
    for (int r = 0; r < batch; r++) {
      int best = 0;
      for (int j = 1; j < CLASSES; j++) {
        if (z[r * CLASSES + j] > z[r * CLASSES + best]) {
          best = j;
        }
      }
      out[r] = best;
    }
    return out;
  }

  static void assertMode(Network net, boolean training, String after) {
    assertEquals(training, net.isTraining(), "network mode after " + after);
    assertEquals(training, batchNorm(net).isTraining(), "BatchNorm mode after " + after);
    // Dropout has no getter: in training it drops (output differs from input), else identity.
    Dropout d = dropout(net);
    long state = d.generatorState();
    float[] x = uniform(BATCH * 10, 99, 0.5, 1);
    float[] y = d.forward(x, BATCH);
    assertEquals(training, !StackFixtures.sameBits(x, y, x.length), "Dropout mode after " + after);
    d.setGeneratorState(state); // that probe's draw is undone
  }

  @Test
  void classifyAndAccuracyRunInInferenceModeAndLeaveTheModeAsItWas() {
    float[] x = uniform(BATCH * IN, 1, -1, 1);
    int[] t = labels(BATCH, CLASSES, 2);
    List<Consumer<Network>> calls = List.of(
        n -> n.classify(x, BATCH, new int[BATCH]),
        n -> n.countCorrect(x, BATCH, t),
        n -> n.countCorrect(x, BATCH, oneHot(t, CLASSES)),
        n -> n.accuracy(x, BATCH, t),
        n -> n.accuracy(x, BATCH, oneHot(t, CLASSES)));
    String[] names = {"classify", "countCorrect(labels)", "countCorrect(one-hot)",
        "accuracy(labels)", "accuracy(one-hot)"};
    for (boolean training : new boolean[] {true, false}) {
      for (int c = 0; c < calls.size(); c++) {
        Network net = net();
        net.setTraining(training);
        float[] mean = batchNorm(net).runningMean().clone();
        float[] var = batchNorm(net).runningVariance().clone();
        long state = dropout(net).generatorState();
        calls.get(c).accept(net);
        String what = names[c] + " in " + (training ? "training" : "inference") + " mode";
        assertMode(net, training, what);
        assertArrayEquals(mean, batchNorm(net).runningMean(), 0f, what + ": running mean");
        assertArrayEquals(var, batchNorm(net).runningVariance(), 0f, what + ": running var");
        assertEquals(state, dropout(net).generatorState(), what + ": no mask drawn");
      }
    }
  }

  @Test
  void classifyGivesTheInferenceModeArgmaxWhateverTheMode() {
    Network net = net();
    float[] x = uniform(BATCH * IN, 3, -1, 1);
    int[] expected = inferenceArgmax(net, x, BATCH);
    int[] got = new int[BATCH];
    net.classify(x, BATCH, got);
    assertArrayEquals(expected, got, "classify in training mode");
    net.setTraining(false);
    Arrays.fill(got, -1);
    net.classify(x, BATCH, got);
    assertArrayEquals(expected, got, "classify in inference mode");
    int correct = 0;
    int[] t = labels(BATCH, CLASSES, 4);
    for (int r = 0; r < BATCH; r++) {
      correct += expected[r] == t[r] ? 1 : 0;
    }
    net.setTraining(true);
    assertEquals(correct, net.countCorrect(x, BATCH, t));
    assertEquals(correct / (float) BATCH, net.accuracy(x, BATCH, t), 0f);
    // The training-mode argmax (dropout on, batch statistics) is a different function: on
    // these rows it disagrees somewhere, so the comparison above could fail.
    int[] trainingArgmax = new int[BATCH];
    float[] z = net.predict(x, BATCH);
    int differ = 0;
    for (int r = 0; r < BATCH; r++) {
      int best = 0;
      for (int j = 1; j < CLASSES; j++) {
        best = z[r * CLASSES + j] > z[r * CLASSES + best] ? j : best;
      }
      trainingArgmax[r] = best;
      differ += best != expected[r] ? 1 : 0;
    }
    assertTrue(differ > 0, "training and inference argmax agree on every row: "
        + Arrays.toString(trainingArgmax));
  }

  @Test
  void aThrowingClassifyStillRestoresTheMode() {
    Network net = net();
    assertThrows(IllegalArgumentException.class,
        () -> net.classify(new float[IN], 2, new int[2]), "x too short");
    assertMode(net, true, "a classify that threw");
    assertThrows(IllegalArgumentException.class,
        () -> net.accuracy(new float[IN], 2, new int[] {0, 0}));
    assertMode(net, true, "an accuracy that threw");
  }

  @Test
  void setTrainingSwitchesEveryLayerBothWays() {
    Network net = net();
    assertMode(net, true, "build");
    net.setTraining(false);
    assertMode(net, false, "setTraining(false)");
    net.setTraining(true);
    assertMode(net, true, "setTraining(true)");
  }
}
