package io.github.vecprop.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a training run. On a terminal: one bar, redrawn in place on stderr, with rate and
 * ETA. Elsewhere (pipes, CI logs): nothing between the per-epoch lines, which go to stdout.
 */
final class ConsoleProgress {
  private final PrintStream err;
  private final boolean terminal;
  private final int total;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int drawnWidth;

  ConsoleProgress(PrintStream err, boolean terminal, int total) {
    this.err = err;
    this.terminal = terminal;
    this.total = total;
  }

  /** Called after every iteration; redraws at most ten times a second. */
  void iteration(int done, float loss) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && done < total) {
      return;
    }
    lastDraw = now;
    double secs = (now - start) / 1e9;
    double rate = done / Math.max(secs, 1e-9);
    double eta = (total - done) / Math.max(rate, 1e-9);
    int width = 30;
    int filled = (int) ((long) width * done / Math.max(total, 1));
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    String line = String.format(Locale.ROOT, "[%s] %d/%d  loss %.4f  %.0f it/s  ETA %s", bar, done,
        total, loss, rate, clock(eta));
    err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
    err.flush();
    drawnWidth = line.length();
  }

  /** Clears the bar so a normal line can be printed. */
  void clear() {
    if (terminal && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
