package io.github.vecprop.train;

import io.github.vecprop.model.Checkpoint;
import io.github.vecprop.model.LayerSpec;
import io.github.vecprop.model.ModelSpec;
import io.github.vecprop.nn.BatchNorm;
import io.github.vecprop.nn.Dropout;
import io.github.vecprop.nn.Layer;
import io.github.vecprop.optim.OptimizerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Trainer}'s checkpoint holds besides the model, and how a trainer resumes from
 * one: optimizer slots and counters, the sampler's state, the history (losses and evaluation
 * rows), Dropout generators' states (BatchNorm's running statistics travel in the model itself),
 * early-stopping state, and the run's configuration to check against. Checkpoints of vecprop
 * 0.1.0 (6-wide history rows, no layer state) still resume.
 */
final class TrainerCheckpoint {
  private TrainerCheckpoint() {}

  /** Floats per history row: epoch, iteration, loss, train, test, elapsed, validation, lr. */
  static final int WIDTH = 8;

  /** "affine[784, 50] relu[50] …": the kinds and shapes of a spec's layers. */
  static String architecture(ModelSpec spec) {
    StringBuilder sb = new StringBuilder();
    for (LayerSpec l : spec.layers()) {
      sb.append(sb.length() == 0 ? "" : " ").append(l.kind().id())
          .append(java.util.Arrays.toString(l.shape()));
    }
    return sb.toString();
  }
  static Checkpoint capture(Trainer t) {
    Map<String, float[]> arrays = new HashMap<>();
    Map<String, Long> counters = new HashMap<>();
    OptimizerState s = t.opt.exportState();
    if (s.hasSlots()) {
      for (String slot : s.slotNames()) {
        float[][] per = s.slot(slot);
        for (int p = 0; p < per.length; p++) {
          arrays.put("opt." + slot + "." + p, per[p]);
        }
      }
    }
    arrays.put("history.loss", t.history.losses());
    List<History.Epoch> ep = t.history.epochs();
    float[] rows = new float[ep.size() * WIDTH];
    for (int r = 0; r < ep.size(); r++) {
      History.Epoch e = ep.get(r);
      int o = r * WIDTH;
      rows[o] = e.epoch();
      rows[o + 1] = e.iteration();
      rows[o + 2] = (float) e.loss();
      rows[o + 3] = (float) e.trainAccuracy();
      rows[o + 4] = (float) e.testAccuracy();
      rows[o + 5] = (float) e.elapsedSeconds();
      rows[o + 6] = Double.isNaN(e.validationAccuracy()) ? -1f : (float) e.validationAccuracy();
      rows[o + 7] = Double.isNaN(e.learningRate()) ? -1f : (float) e.learningRate();
    }
    // "history.epochs" (6 per row) is what 0.1.0 wrote; the 8-wide rows go under a new name.
    arrays.put("history.epochs8", rows);
    counters.put("early.best.bits", Double.doubleToLongBits(t.bestValidation));
    counters.put("early.since", (long) t.sinceBest);
    counters.put("early.stopped", t.stopped ? 1L : 0L);
    counters.put("iteration", (long) t.done);
    counters.put("sampler", t.samplerAtDone);
    counters.put("opt.step", s.step());
    counters.put("opt.lr.bits", (long) Float.floatToIntBits(s.learningRate()));
    counters.put("config.iterations", (long) t.cfg.iterations());
    counters.put("config.batch", (long) t.cfg.batch());
    counters.put("config.evalEvery", (long) t.cfg.evalEvery());
    counters.put("config.seed", t.cfg.seed());
    counters.put("elapsed.micros", (long) (t.elapsedBefore * 1e6));
    List<Layer> layers = t.net.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Dropout d) {
        counters.put("dropout." + i, d.generatorState());
      }
    }
    return new Checkpoint(Trainer.spec(t.net), arrays, counters);
  }
  static void restore(Trainer t, Checkpoint c) throws IOException {
    ModelSpec spec = c.spec();
    String theirs = architecture(spec);
    String ours = architecture(Trainer.spec(t.net));
    if (!theirs.equals(ours)) {
      throw new IOException("checkpoint: architecture " + theirs + " does not match this run's "
          + ours);
    }
    long batch = c.counter("config.batch", -1);
    long seed = c.counter("config.seed", Long.MIN_VALUE);
    if (batch != t.cfg.batch() || seed != t.cfg.seed()) {
      throw new IOException("checkpoint: written with --batch " + batch + " --seed " + seed
          + ", this run has --batch " + t.cfg.batch() + " --seed " + t.cfg.seed());
    }
    t.net.loadParameters(spec.params());
    List<Layer> layers = t.net.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof BatchNorm b) {
        float[] mean = spec.layers().get(i).arrays().get("running_mean");
        float[] var = spec.layers().get(i).arrays().get("running_var");
        System.arraycopy(mean, 0, b.runningMean(), 0, mean.length);
        System.arraycopy(var, 0, b.runningVariance(), 0, var.length);
      } else if (layers.get(i) instanceof Dropout d) {
        long state = c.counter("dropout." + i, Long.MIN_VALUE);
        if (state == Long.MIN_VALUE && !c.counters().containsKey("dropout." + i)) {
          throw new IOException("checkpoint: no mask generator state for layer " + (i + 1)
              + " (" + d.name() + ")");
        }
        d.setGeneratorState(state);
      }
    }
    OptimizerState now = t.opt.exportState();
    List<String> slots = now.slotNames();
    float[][][] values = null;
    if (c.array("opt." + (slots.isEmpty() ? "" : slots.get(0)) + ".0") != null) {
      values = new float[slots.size()][t.params.length][];
      for (int s = 0; s < slots.size(); s++) {
        for (int p = 0; p < t.params.length; p++) {
          float[] v = c.array("opt." + slots.get(s) + "." + p);
          if (v == null || v.length != t.params[p].size()) {
            throw new IOException("checkpoint: optimizer state " + slots.get(s) + "." + p
                + " is missing or the wrong size (was it written by another optimizer?)");
          }
          values[s][p] = v;
        }
      }
    }
    t.opt.restoreState(new OptimizerState(now.name(),
        Float.intBitsToFloat((int) c.counter("opt.lr.bits", Float.floatToIntBits(now.learningRate()))),
        c.counter("opt.step", 0), slots, values));
    t.sampler.restore(c.counter("sampler", t.cfg.seed()));
    t.samplerAtDone = t.sampler.state();
    t.done = (int) c.counter("iteration", 0);
    t.elapsedBefore = c.counter("elapsed.micros", 0) / 1e6;
    List<History.Epoch> ep = new ArrayList<>();
    float[] rows = c.array("history.epochs8");
    if (rows != null) {
      for (int r = 0; r + WIDTH - 1 < rows.length; r += WIDTH) {
        ep.add(new History.Epoch((int) rows[r], (int) rows[r + 1], rows[r + 2], rows[r + 3],
            rows[r + 4], rows[r + 5], rows[r + 6] < 0 ? Double.NaN : rows[r + 6],
            rows[r + 7] < 0 ? Double.NaN : rows[r + 7]));
      }
    } else if ((rows = c.array("history.epochs")) != null) {
      for (int r = 0; r + 5 < rows.length; r += 6) {
        ep.add(new History.Epoch((int) rows[r], (int) rows[r + 1], rows[r + 2], rows[r + 3],
            rows[r + 4], rows[r + 5]));
      }
    }
    t.bestValidation = Double.longBitsToDouble(c.counter("early.best.bits",
        Double.doubleToLongBits(-1)));
    t.sinceBest = (int) c.counter("early.since", 0);
    t.stopped = c.counter("early.stopped", 0) != 0;
    float[] losses = c.array("history.loss");
    t.history = History.restore(losses == null ? new float[0] : losses, ep);
    t.history.reserve(t.cfg.iterations());
  }}
