package io.github.vecprop.train;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.model.ModelFile;
import io.github.vecprop.nn.Activation;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.WeightInit;
import io.github.vecprop.optim.Optimizers;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The seed's job in miniature for {@link PathDeterminismTest}: the seed's network and optimizer
 * (784 → 50 → 10, ReLU, N(0, 0.01²), SGD lr 0.1, batch 100) for 600 iterations on a synthetic
 * 784-pixel set, then the model file. Run in child JVMs on each kernel path.
 */
public final class PathProbe {
  private PathProbe() {}

  /** 10 classes of 784 "pixels": class c lights a band of rows, plus noise. */
  static Dataset digits(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(10);
      labels[i] = (byte) c;
      for (int j = 0; j < 784; j++) {
        int band = (j / 28) / 3;
        int v = r.nextInt(90) + (band == c ? 140 : 0);
        px[i * 784 + j] = (byte) Math.min(255, v);
      }
    }
    return Dataset.of(px, labels, 784, 10);
  }

  /** args: the model file to write, the iterations (600). Prints the kernels used. */
  public static void main(String[] args) throws Exception {
    int iters = Integer.parseInt(args[1]);
    Network net = new Network(new int[] {784, 50, 10}, Activation.RELU, WeightInit.gaussian(0.01f),
        42);
    Trainer t = new Trainer(net, Optimizers.create("sgd", 0.1f), digits(3000, 1), digits(500, 2),
        new Trainer.Config(iters, 100, 300, 42, 1000));
    History h = t.run(new Trainer.Listener() {});
    ModelFile.write(Path.of(args[0]), Trainer.spec(net));
    System.out.println("kernels " + Kernels.implementation() + " lanes " + Kernels.floatLanes()
        + " test " + h.epochs().get(h.epochs().size() - 1).testAccuracy() + " | "
        + Kernels.selectionReason());
  }
}
