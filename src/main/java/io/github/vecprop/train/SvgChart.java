package io.github.vecprop.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG of a run: the training loss (per iteration, and its moving average) on the
 * left, train and test accuracy per evaluation on the right. No dependencies: plain SVG 1.1 text.
 * Stateless; safe from any thread as long as the history is not being written meanwhile.
 */
public final class SvgChart {
  private static final int W = 1000;
  private static final int H = 400;
  private static final int PANEL = 400;
  private static final int PAD_L = 60;
  private static final int PAD_T = 40;
  private static final int PAD_B = 50;

  private SvgChart() {}

  /**
   * The chart as SVG text, 1000 × 400 user units.
   *
   * @param h the run; losses are drawn to at most about 1000 points
   * @param title the heading (escaped for XML)
   * @return a complete SVG document
   */
  public static String render(History h, String title) {
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H));
    s.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H));
    s.append(f("<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", PAD_L,
        escape(title)));
    float[] loss = h.losses();
    int n = loss.length;
    double maxLoss = 0;
    for (float v : loss) {
      if (Float.isFinite(v)) {
        maxLoss = Math.max(maxLoss, v);
      }
    }
    maxLoss = maxLoss > 0 ? niceCeil(maxLoss) : 1;
    int x0 = PAD_L;
    int x1 = PAD_L + PANEL;
    axes(s, x0, x1, 0, Math.max(n, 1), 0, maxLoss, "iteration", "loss", "%.1f");
    if (n > 0) {
      s.append(polyline(loss, 1, x0, x1, Math.max(n - 1, 1), maxLoss, "#9ecae1", 1));
      int win = Math.max(1, n / 50);
      float[] avg = new float[n];
      double run = 0;
      for (int i = 0; i < n; i++) {
        run += Float.isFinite(loss[i]) ? loss[i] : 0;
        if (i >= win) {
          run -= Float.isFinite(loss[i - win]) ? loss[i - win] : 0;
        }
        avg[i] = (float) (run / Math.min(i + 1, win));
      }
      s.append(polyline(avg, 1, x0, x1, Math.max(n - 1, 1), maxLoss, "#08519c", 2));
    }
    legend(s, x1 - 150, PAD_T + 10, new String[] {"mini-batch loss", "moving average"},
        new String[] {"#9ecae1", "#08519c"});

    int ax0 = x1 + 100;
    int ax1 = ax0 + PANEL;
    List<History.Epoch> ep = h.epochs();
    double lo = 1;
    for (History.Epoch e : ep) {
      lo = Math.min(lo, Math.min(e.trainAccuracy(), e.testAccuracy()));
      if (!Double.isNaN(e.validationAccuracy())) {
        lo = Math.min(lo, e.validationAccuracy());
      }
    }
    boolean hasVal = ep.stream().anyMatch(e -> !Double.isNaN(e.validationAccuracy()));
    double maxLr = ep.stream().mapToDouble(History.Epoch::learningRate)
        .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    double minLr = ep.stream().mapToDouble(History.Epoch::learningRate)
        .filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    boolean lrChanges = !Double.isNaN(maxLr) && maxLr > minLr;
    String[] colors = {"#d62728", "#2ca02c", "#9467bd", "#7f7f7f"};
    lo = Math.max(0, Math.floor(lo * 10) / 10);
    int lastIter = ep.isEmpty() ? 1 : Math.max(1, ep.get(ep.size() - 1).iteration());
    axes(s, ax0, ax1, 0, lastIter, lo, 1, "iteration", "accuracy", "%.2f");
    for (int which = 0; which < 4; which++) {
      if (which == 2 && !hasVal || which == 3 && !lrChanges) {
        continue;
      }
      StringBuilder pts = new StringBuilder();
      for (History.Epoch e : ep) {
        // The learning rate (a schedule) is drawn scaled to the accuracy axis: max lr at the top.
        double v = which == 0 ? e.trainAccuracy() : which == 1 ? e.testAccuracy()
            : which == 2 ? e.validationAccuracy() : lo + (1 - lo) * e.learningRate() / maxLr;
        if (Double.isNaN(v)) {
          continue;
        }
        double x = ax0 + (ax1 - ax0) * (double) e.iteration() / lastIter;
        double y = PAD_T + (H - PAD_T - PAD_B) * (1 - (v - lo) / (1 - lo));
        pts.append(f("%.1f,%.1f ", x, y));
        s.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y,
            colors[which]));
      }
      s.append(f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>\n",
          colors[which], which == 3 ? " stroke-dasharray=\"6,4\"" : "", pts.toString().trim()));
    }
    java.util.List<String> names = new java.util.ArrayList<>(
        java.util.List.of("train accuracy", "test accuracy"));
    java.util.List<String> cols = new java.util.ArrayList<>(java.util.List.of(colors[0], colors[1]));
    if (hasVal) {
      names.add("validation accuracy");
      cols.add(colors[2]);
    }
    if (lrChanges) {
      names.add(f("learning rate (top = %.3g)", maxLr));
      cols.add(colors[3]);
    }
    legend(s, ax1 - 170, H - PAD_B - 25 - 20 * names.size(), names.toArray(new String[0]),
        cols.toArray(new String[0]));
    s.append("</svg>\n");
    return s.toString();
  }

  /**
   * Writes {@link #render} to a file atomically (temp file, then rename).
   *
   * @param h the run
   * @param title the heading
   * @param file the target, in an existing folder
   * @throws IOException when the file cannot be written (an existing file is then untouched)
   */
  public static void write(History h, String title, Path file) throws IOException {
    History.writeAtomically(file, render(h, title));
  }

  private static void axes(StringBuilder s, int x0, int x1, double xmin, double xmax, double ymin,
      double ymax, String xlabel, String ylabel, String yfmt) {
    int y0 = H - PAD_B;
    int y1 = PAD_T;
    s.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", x0, y0, x1, y0));
    s.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", x0, y0, x0, y1));
    for (int t = 0; t <= 5; t++) {
      double yv = ymin + (ymax - ymin) * t / 5;
      double y = y0 - (y0 - y1) * t / 5.0;
      s.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>\n", x0 + 1,
          y, x1, y));
      s.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">" + yfmt + "</text>\n", x0 - 5,
          y + 4, yv));
      double xv = xmin + (xmax - xmin) * t / 5;
      double x = x0 + (x1 - x0) * t / 5.0;
      s.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x, y0 + 16,
          Math.round(xv)));
    }
    s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", (x0 + x1) / 2,
        y0 + 36, xlabel));
    s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">%s"
        + "</text>\n", x0 - 42, (y0 + y1) / 2, x0 - 42, (y0 + y1) / 2, ylabel));
  }

  private static String polyline(float[] v, int step, int x0, int x1, int last, double ymax,
      String color, int width) {
    StringBuilder pts = new StringBuilder();
    // At most ~1 000 points: a 10 000-iteration run stays a small file.
    int stride = Math.max(step, v.length / 1000);
    for (int i = 0; i < v.length; i += stride) {
      double val = Float.isFinite(v[i]) ? Math.min(v[i], ymax) : ymax;
      double x = x0 + (x1 - x0) * (double) i / last;
      double y = (H - PAD_B) - (H - PAD_B - PAD_T) * val / ymax;
      pts.append(f("%.1f,%.1f ", x, y));
    }
    return f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%d\" points=\"%s\"/>\n", color,
        width, pts.toString().trim());
  }

  private static void legend(StringBuilder s, int x, int y, String[] names, String[] colors) {
    for (int i = 0; i < names.length; i++) {
      s.append(f("<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>\n", x,
          y + 18 * i - 4, colors[i]));
      s.append(f("<text x=\"%d\" y=\"%d\">%s</text>\n", x + 20, y + 18 * i, names[i]));
    }
  }

  private static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    return Math.ceil(v / p * 2) / 2 * p;
  }

  private static String escape(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }
}
