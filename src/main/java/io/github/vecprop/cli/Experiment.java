package io.github.vecprop.cli;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.data.Mnist;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.NetworkBuilder;
import io.github.vecprop.nn.WeightInit;
import io.github.vecprop.optim.SGD;
import io.github.vecprop.train.History;
import io.github.vecprop.train.SvgChart;
import io.github.vecprop.train.Trainer;
import io.github.vecprop.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code vecprop experiment NAME}: the book's chapter-6 experiments with the settings of its
 * scripts ({@code ch06/batch_norm_test.py}, {@code overfit_weight_decay.py},
 * {@code overfit_dropout.py}, {@code hyperparameter_optimization.py}): the same subsets (the
 * first N training images), layer sizes, initialisations, SGD rates, batch size 100 and step
 * counts; each writes a CSV and an SVG chart to {@code --out} and prints its table. Seeded, so a
 * run repeats exactly; the book's notebook holds one unseeded run of each.
 */
final class Experiment {
  private final PrintStream out;
  private final Mnist mnist;
  private final long seed;
  private final Path dir;

  Experiment(PrintStream out, Mnist mnist, long seed, Path dir) {
    this.out = out;
    this.mnist = mnist;
    this.seed = seed;
    this.dir = dir;
  }

  static final List<String> NAMES = List.of("batchnorm", "weight-decay", "dropout", "search");

  void run(String name) throws IOException, TrainingDivergedException {
    switch (name) {
      case "batchnorm" -> batchNorm();
      case "weight-decay" -> overfit(0.1f, 0f, 601, "weight-decay");
      case "dropout" -> overfit(0f, 0.2f, 903, "dropout");
      case "search" -> search();
      default -> throw new IllegalArgumentException(name);
    }
  }

  private static NetworkBuilder hidden(NetworkBuilder b, int layers, boolean batchNorm,
      float dropout) {
    for (int i = 0; i < layers; i++) {
      b.affine(100);
      if (batchNorm) {
        b.batchNorm();
      }
      b.relu();
      if (dropout > 0f) {
        b.dropout(dropout);
      }
    }
    return b.affine(Mnist.CLASSES);
  }

  private Trainer trainer(Network net, float lr, Dataset train, int steps, int evalEvery,
      long runSeed) {
    return new Trainer(net, new SGD(lr), train, mnist.test(),
        new Trainer.Config(steps, 100, evalEvery, runSeed, 5000));
  }

  /** batch_norm_test.py: 1 000 images, 5 × 100 ReLU, std w = logspace(0, −4, 16), lr 0.01. */
  private void batchNorm() throws IOException {
    Dataset train = mnist.train().slice(0, 1000);
    StringBuilder csv = new StringBuilder("w,train_acc_batchnorm,train_acc_plain\n");
    double[][] series = new double[3][16];
    out.println("    weight std   with BatchNorm   without");
    for (int i = 0; i < 16; i++) {
      double w = Math.pow(10, -4.0 * i / 15);
      double[] acc = new double[2];
      for (int bn = 0; bn < 2; bn++) {
        Network net = hidden(Network.builder(784).init(WeightInit.gaussian(w)), 5, bn == 0, 0f)
            .build(seed + i);
        Trainer t = trainer(net, 0.01f, train, 191, 191, seed + i);
        try {
          t.run(new Trainer.Listener() {});
          acc[bn] = last(t.history()).trainAccuracy();
        } catch (TrainingDivergedException e) {
          // The book's NumPy run goes on with NaN weights and scores chance; here the network
          // keeps the weights of the last finite step: report their accuracy.
          acc[bn] = t.accuracy(train);
        }
      }
      series[0][i] = Math.log10(w);
      series[1][i] = acc[0];
      series[2][i] = acc[1];
      out.printf(Locale.ROOT, "  %12.6f   %14.4f   %7.4f%n", w, acc[0], acc[1]);
      csv.append(String.format(Locale.ROOT, "%.6g,%.4f,%.4f%n", w, acc[0], acc[1]));
    }
    write("batchnorm.csv", csv.toString());
    write("batchnorm.svg", lines("BatchNorm vs weight std (1 000 images, 5×100 ReLU, SGD 0.01, 191"
        + " steps)", "log10(weight std)", "training accuracy", series[0],
        new double[][] {series[1], series[2]}, new String[] {"with BatchNorm", "without"}));
  }

  /** overfit_*.py: 300 images, 6 × 100 ReLU, He, SGD 0.01, with decay or dropout. */
  private void overfit(float lambda, float dropout, int steps, String name)
      throws IOException, TrainingDivergedException {
    Dataset train = mnist.train().slice(0, 300);
    Network net = hidden(Network.builder(784).init(WeightInit.he()), 6, false, dropout)
        .weightDecay(lambda).build(seed);
    Trainer t = trainer(net, 0.01f, train, steps, 3, seed);
    t.run(new Trainer.Listener() {});
    History h = t.history();
    h.writeCsv(dir.resolve(name + ".csv"));
    SvgChart.write(h, "vecprop " + name + " (300 images, 6×100 ReLU, He, SGD 0.01, " + steps
        + " steps" + (lambda > 0 ? ", λ " + lambda : ", dropout " + dropout) + ")",
        dir.resolve(name + ".svg"));
    History.Epoch e = last(h);
    out.printf(Locale.ROOT, "%s: train acc %.4f, test acc %.4f after %d steps%n", name,
        e.trainAccuracy(), e.testAccuracy(), steps);
  }

  /** hyperparameter_optimization.py: 500 shuffled images, 20 % validation, 100 trials. */
  private void search() throws IOException, TrainingDivergedException {
    Dataset all = mnist.train().slice(0, 500).shuffled(seed);
    Dataset val = all.slice(0, 100);
    Dataset train = all.slice(100, 500);
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> trials = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      double decay = Math.pow(10, r.nextDouble(-8, -4));
      double lr = Math.pow(10, r.nextDouble(-6, -2));
      Network net = hidden(Network.builder(784).init(WeightInit.he()), 6, false, 0f)
          .weightDecay((float) decay).build(seed + k);
      Trainer t = trainer(net, (float) lr, train, 200, 200, seed + k);
      t.run(new Trainer.Listener() {});
      trials.add(new double[] {t.accuracy(val), lr, decay});
    }
    trials.sort((a, b) -> Double.compare(b[0], a[0]));
    StringBuilder csv = new StringBuilder("rank,val_acc,lr,weight_decay\n");
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (int k = 0; k < trials.size(); k++) {
      double[] t = trials.get(k);
      csv.append(String.format(Locale.ROOT, "%d,%.4f,%.6g,%.6g%n", k + 1, t[0], t[1], t[2]));
      if (k < 20) {
        lo = Math.min(lo, t[1]);
        hi = Math.max(hi, t[1]);
        out.printf(Locale.ROOT, "best-%d (val acc %.2f) lr %.6g, weight decay %.6g%n", k + 1,
            t[0], t[1], t[2]);
      }
    }
    out.printf(Locale.ROOT, "top 20: lr between %.4g and %.4g%n", lo, hi);
    write("search.csv", csv.toString());
    double[] x = new double[trials.size()];
    double[] y = new double[trials.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = Math.log10(trials.get(k)[1]);
      y[k] = trials.get(k)[0];
    }
    write("search.svg", points("validation accuracy of 100 random trials (500 images)",
        "log10(learning rate)", "validation accuracy", x, y));
  }

  private static History.Epoch last(History h) {
    return h.epochs().get(h.epochs().size() - 1);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static final String[] COLORS = {"#d62728", "#1f77b4"};

  private static String frame(String title, String xl, String yl, double x0, double x1,
      StringBuilder body) {
    return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\""
        + " height=\"420\" font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"640\""
        + " height=\"420\" fill=\"white\"/>%n<text x=\"320\" y=\"24\" text-anchor=\"middle\""
        + " font-size=\"14\">%s</text>%n<line x1=\"60\" y1=\"370\" x2=\"620\" y2=\"370\""
        + " stroke=\"black\"/><line x1=\"60\" y1=\"370\" x2=\"60\" y2=\"40\" stroke=\"black\"/>%n"
        + "<text x=\"340\" y=\"405\" text-anchor=\"middle\">%s (%.2f … %.2f)</text>%n"
        + "<text x=\"18\" y=\"205\" transform=\"rotate(-90 18 205)\" text-anchor=\"middle\">%s"
        + "</text>%n<text x=\"55\" y=\"374\" text-anchor=\"end\">0</text><text x=\"55\""
        + " y=\"209\" text-anchor=\"end\">0.5</text><text x=\"55\" y=\"44\""
        + " text-anchor=\"end\">1</text>%n<text x=\"60\" y=\"386\" text-anchor=\"middle\">%.2f"
        + "</text><text x=\"620\" y=\"386\" text-anchor=\"middle\">%.2f</text>%n%s</svg>%n",
        title, xl, x0, x1, yl, x0, x1, body);
  }

  private static double px(double x, double x0, double x1) {
    return 60 + 560 * (x - x0) / (x1 - x0 == 0 ? 1 : x1 - x0);
  }

  private static double py(double y) {
    return 370 - 330 * y;
  }

  private static String lines(String title, String xl, String yl, double[] x, double[][] ys,
      String[] names) {
    double x0 = Math.min(x[0], x[x.length - 1]);
    double x1 = Math.max(x[0], x[x.length - 1]);
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < ys.length; s++) {
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < x.length; i++) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(x[i], x0, x1), py(ys[s][i])));
      }
      b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\""
          + " stroke-width=\"2\" points=\"%s\"/>%n<text x=\"70\" y=\"%d\" fill=\"%s\">%s</text>%n",
          COLORS[s], pts.toString().trim(), 345 - 18 * s, COLORS[s], names[s]));
    }
    return frame(title, xl, yl, x0, x1, b);
  }

  private static String points(String title, String xl, String yl, double[] x, double[] y) {
    double x0 = Double.MAX_VALUE;
    double x1 = -Double.MAX_VALUE;
    for (double v : x) {
      x0 = Math.min(x0, v);
      x1 = Math.max(x1, v);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
          px(x[i], x0, x1), py(y[i]), COLORS[1]));
    }
    return frame(title, xl, yl, x0, x1, b);
  }
}
