package io.github.vecprop.bench;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.nn.Layer;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.Parameter;
import io.github.vecprop.nn.SoftmaxWithLoss;
import io.github.vecprop.optim.Adam;
import io.github.vecprop.optim.Optimizer;
import io.github.vecprop.optim.SGD;
import io.github.vecprop.train.BatchSampler;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a training step's time goes, layer by layer: the per-layer split of the deep step that
 * {@link DeepStepBench} measures as a whole (issue 12). Not a JMH benchmark: it runs the real step
 * (sample, gather, every layer's forward, the loss, every backward down to the first layer, SGD)
 * by hand with {@code System.nanoTime()} around each phase, on a second network built with the
 * same seed and stepped by {@link Network#gradient} beside it, and fails unless every step's loss
 * agrees bit for bit, so the phases timed are the step's own. A timer read costs ~20 ns, about 1 µs
 * of a 600 µs step over all phases.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar \
 *     io.github.vecprop.bench.LayerSplit [regularised|plain|conv] [he|gaussian] [steps]
 * </pre>
 *
 * Prints, per phase, the median and mean µs per step over the measured steps (after as many
 * unmeasured ones, and after {@link Kernels#warmUp()}), and the phases' sum beside the median
 * untimed step.
 */
public final class LayerSplit {
  private LayerSplit() {}

  /** Runs the split; see the class comment for the arguments. */
  public static void main(String[] args) {
    String kind = args.length < 1 ? "regularised" : args[0];
    if (!kind.equals("regularised") && !kind.equals("plain") && !kind.equals("conv")) {
      throw new IllegalArgumentException("first argument: expected regularised, plain or conv,"
          + " got " + kind);
    }
    boolean conv = kind.equals("conv");
    boolean regularised = kind.equals("regularised");
    String init = args.length >= 2 ? args[1] : "he";
    int steps = args.length >= 3 ? Integer.parseInt(args[2]) : 5000;
    Kernels.warmUp();
    Dataset train = conv ? Inputs.syntheticMnist().withSampleShape(1, 28, 28)
        : Inputs.syntheticMnist();
    Network timed = conv ? ConvBench.network() : DeepStepBench.network(regularised, init);
    Network reference = conv ? ConvBench.network() : DeepStepBench.network(regularised, init);
    List<Layer> layers = timed.layers();
    SoftmaxWithLoss loss = timed.lossLayer();
    int phases = 2 * layers.size() + 5;
    String[] names = new String[phases];
    names[0] = "sample + gather";
    for (int l = 0; l < layers.size(); l++) {
      names[1 + l] = "forward  " + layers.get(l).name();
      names[phases - 3 - l] = "backward " + layers.get(l).name();
    }
    names[1 + layers.size()] = "forward  softmax-with-loss";
    names[2 + layers.size()] = "backward softmax-with-loss";
    names[phases - 2] = conv ? "Adam update" : "SGD update";
    names[phases - 1] = "(untimed whole step)";
    long[][] ns = new long[phases][steps];
    Optimizer optTimed = conv ? new Adam(0.001f) : new SGD(0.01f);
    Optimizer optReference = conv ? new Adam(0.001f) : new SGD(0.01f);
    Parameter[] pTimed = timed.parameters().toArray(new Parameter[0]);
    Parameter[] pReference = reference.parameters().toArray(new Parameter[0]);
    BatchSampler sTimed = new BatchSampler(Inputs.SEED);
    BatchSampler sReference = new BatchSampler(Inputs.SEED);
    int batch = 100;
    int[] idx = new int[batch];
    float[] x = new float[batch * 784];
    int[] labels = new int[batch];
    for (int s = -steps; s < steps; s++) {
      int at = Math.max(s, 0);
      long t0 = System.nanoTime();
      sTimed.fill(idx, batch, train.size());
      train.gather(idx, batch, x, labels);
      long t = System.nanoTime();
      ns[0][at] = t - t0;
      float[] h = x;
      for (int l = 0; l < layers.size(); l++) {
        h = layers.get(l).forward(h, batch);
        long u = System.nanoTime();
        ns[1 + l][at] = u - t;
        t = u;
      }
      float value = loss.forward(h, batch, labels);
      long u = System.nanoTime();
      ns[1 + layers.size()][at] = u - t;
      t = u;
      float[] d = loss.backward(1f);
      u = System.nanoTime();
      ns[2 + layers.size()][at] = u - t;
      t = u;
      for (int l = layers.size() - 1; l >= 0 && d != null; l--) {
        d = layers.get(l).backward(d);
        u = System.nanoTime();
        ns[phases - 3 - l][at] = u - t;
        t = u;
      }
      optTimed.update(pTimed);
      u = System.nanoTime();
      ns[phases - 2][at] = u - t;
      sReference.fill(idx, batch, train.size());
      train.gather(idx, batch, x, labels);
      long r0 = System.nanoTime();
      float want = reference.gradient(x, batch, labels);
      optReference.update(pReference);
      ns[phases - 1][at] = System.nanoTime() - r0;
      if (Float.floatToRawIntBits(value) != Float.floatToRawIntBits(want)) {
        throw new IllegalStateException("step " + (s + steps) + ": the hand-run step's loss "
            + value + " differs from Network.gradient's " + want);
      }
    }
    System.out.printf(Locale.ROOT, "%s, %s init, batch %d, one thread, %d steps measured after "
        + "%d; kernels: %s%n", conv ? "SimpleConvNet (Adam)" : regularised
        ? "BatchNorm + Dropout" : "plain", conv ? "gaussian" : init, batch, steps,
        steps, Kernels.selectionReason());
    System.out.printf(Locale.ROOT, "%-34s %10s %10s %7s%n", "phase", "median µs", "mean µs",
        "share");
    double total = 0;
    for (int p = 0; p < phases - 1; p++) {
      total += mean(ns[p]);
    }
    double medianSum = 0;
    for (int p = 0; p < phases; p++) {
      double median = median(ns[p]);
      double mean = mean(ns[p]);
      if (p < phases - 1) {
        medianSum += median;
      }
      System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %7s%n", names[p], median, mean,
          p < phases - 1 ? String.format(Locale.ROOT, "%.1f%%", 100 * mean / total) : "");
    }
    System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f%n", "sum of the timed phases", medianSum,
        total);
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e3;
  }

  private static double mean(long[] v) {
    double sum = 0;
    for (long x : v) {
      sum += x;
    }
    return sum / v.length / 1e3;
  }
}
