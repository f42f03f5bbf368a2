package io.github.vecprop.train;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.model.Checkpoint;
import io.github.vecprop.model.ModelFile;
import io.github.vecprop.model.ModelSpec;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.Parameter;
import io.github.vecprop.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The seed's training loop: for each iteration draw a random mini-batch, forward, backward, update;
 * every {@code evalEvery} iterations (from the first, as the seed's {@code i %% iter_per_epoch == 0})
 * measure accuracy over the full train and test sets. A step allocates nothing: the batch buffers
 * are made once, the network's buffers are sized once for the largest batch.
 *
 * <p>With a checkpoint path, every evaluation also writes a checkpoint (weights, optimizer state,
 * sampler state, history) atomically; {@link #resume} continues from one and reaches the same
 * numbers as an uninterrupted run with the same seed. Single-writer: one thread drives a trainer
 * (a second concurrent {@link #run} is refused), and the network and optimizer must not be used
 * elsewhere during a run. A run also uses one daemon thread of its own, which gathers the next
 * mini-batch, and evaluations may use {@code Kernels.setThreads} GEMM threads.
 *
 * <p>Shapes: both data sets must have the network's {@code inputSize()} features per row, and
 * no more classes than its {@code outputSize()}.
 */
public final class Trainer {

  /**
   * What to run.
   *
   * @param iterations training steps in all (a resumed run counts the steps already done)
   * @param batch rows per mini-batch, drawn with replacement
   * @param evalEvery iterations between evaluations over the full sets (the first is after
   *     iteration 1, the last after the final iteration)
   * @param seed seeds the batch sampler
   * @param evalChunk rows per forward pass during evaluation (the network's buffers are sized
   *     for the larger of batch and this)
   */
  public record Config(int iterations, int batch, int evalEvery, long seed, int evalChunk,
      LearningRateSchedule schedule, int patience) {
    /**
     * Validates.
     *
     * @param iterations training steps, at least 1
     * @param batch rows per mini-batch, at least 1
     * @param evalEvery iterations between evaluations, at least 1
     * @param seed seeds the batch sampler
     * @param evalChunk rows per evaluation pass, at least 1
     * @param schedule the learning rate per step from the optimizer's rate (null: constant)
     * @param patience stop after this many evaluations without a better validation accuracy
     *     (0: never; needs {@link Trainer#validateOn})
     * @throws IllegalArgumentException when a count is not positive
     */
    public Config {
      if (iterations < 1 || batch < 1 || evalEvery < 1 || evalChunk < 1) {
        throw new IllegalArgumentException("iterations, batch, evalEvery and evalChunk must be"
            + " positive, got " + iterations + ", " + batch + ", " + evalEvery + ", " + evalChunk);
      }
      if (schedule == null) {
        schedule = LearningRateSchedule.constant();
      }
      if (patience < 0) {
        throw new IllegalArgumentException("patience: must be >= 0 (0 for none), got " + patience);
      }
    }

    /**
     * A constant learning rate and no early stopping.
     *
     * @param iterations training steps, at least 1
     * @param batch rows per mini-batch, at least 1
     * @param evalEvery iterations between evaluations, at least 1
     * @param seed seeds the batch sampler
     * @param evalChunk rows per evaluation pass, at least 1
     */
    public Config(int iterations, int batch, int evalEvery, long seed, int evalChunk) {
      this(iterations, batch, evalEvery, seed, evalChunk, LearningRateSchedule.constant(), 0);
    }
  }

  /**
   * Hears about progress; called on the thread that calls {@link #run}. Both methods do nothing
   * by default.
   */
  public interface Listener {
    /**
     * After every training step.
     *
     * @param done iterations done, this one included
     * @param loss the step's mean mini-batch loss in nats
     */
    default void iteration(int done, float loss) {}

    /**
     * After every evaluation (and its checkpoint, when one is written).
     *
     * @param e the evaluation point, already in the history
     */
    default void evaluated(History.Epoch e) {}
  }

  final Network net;
  final Optimizer opt;
  private final Dataset train;
  private final Dataset test;
  final Config cfg;
  final BatchSampler sampler;
  final Parameter[] params;
  private final int[] idx;
  private final float[] x;
  private final int[] labels;
  /** The second batch buffer, filled by the prefetcher while the first trains. */
  private final int[] idx2;
  private final float[] x2;
  private final int[] labels2;
  /** The sampler's state after exactly {@code done} batches were drawn. */
  long samplerAtDone;
  private final float[] evalX;
  private final int[] evalLabels;
  History history;
  int done;
  double elapsedBefore;
  private Path checkpoint;
  /** The held-out set whose accuracy early stopping watches; null for none. */
  private Dataset validation;
  /** Where the best model so far is kept (with validation); null for nowhere. */
  private Path bestFile;
  /** The optimizer's learning rate at construction: the schedule's base. */
  final float baseLr;
  /** The best validation accuracy so far (−1 before the first) and evaluations since it. */
  double bestValidation = -1;
  int sinceBest;
  /** Set when early stopping ends the run. */
  boolean stopped;
  /** Set while {@link #run} is active: a second caller is a misuse we can detect for free. */
  private final java.util.concurrent.atomic.AtomicBoolean running =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * A trainer over the given network, optimizer and data. Allocates every buffer of the run
   * now; turns off the network's first-layer input gradient and sizes its buffers.
   *
   * @param net the network to train, in place
   * @param opt the optimizer, updating {@code net.parameters()}
   * @param train the training set, sampled with replacement
   * @param test the test set, only evaluated
   * @param cfg what to run
   * @throws IllegalArgumentException when the data's features differ from the network's input
   *     size or the training set has more classes than the network outputs
   * @throws NullPointerException when an argument is null
   */
  public Trainer(Network net, Optimizer opt, Dataset train, Dataset test, Config cfg) {
    if (train.features() != net.inputSize() || test.features() != net.inputSize()) {
      throw new IllegalArgumentException("data: " + train.features() + " features per item but the"
          + " network takes " + net.inputSize());
    }
    if (train.classes() > net.outputSize()) {
      throw new IllegalArgumentException("data: " + train.classes() + " classes but the network"
          + " has " + net.outputSize() + " outputs");
    }
    this.net = net;
    this.opt = opt;
    this.train = train;
    this.test = test;
    this.cfg = cfg;
    this.sampler = new BatchSampler(cfg.seed());
    this.history = new History(cfg.iterations());
    this.params = net.parameters().toArray(new Parameter[0]);
    this.baseLr = opt.learningRate();
    int f = net.inputSize();
    this.idx = new int[cfg.batch()];
    this.x = new float[cfg.batch() * f];
    this.labels = new int[cfg.batch()];
    this.idx2 = new int[cfg.batch()];
    this.x2 = new float[cfg.batch() * f];
    this.labels2 = new int[cfg.batch()];
    int chunk = Math.min(cfg.evalChunk(), Math.max(train.size(), test.size()));
    this.evalX = new float[chunk * f];
    this.evalLabels = new int[chunk];
    net.setComputeFirstInputGradient(false);
    net.ensureCapacity(Math.max(cfg.batch(), chunk));
  }

  /**
   * Writes a checkpoint to this file at every evaluation, atomically (see
   * {@code ModelFile}).
   *
   * @param file the checkpoint file, in an existing folder; null for none (the default)
   * @return this trainer
   */
  public Trainer checkpointTo(Path file) {
    this.checkpoint = file;
    return this;
  }

  /**
   * Measures accuracy on a held-out set at every evaluation (the history's validation column),
   * and keeps the model of the best one in a file; with {@link Config#patience()} the run stops
   * after that many evaluations without a better one.
   *
   * @param val the validation set, with the network's input size
   * @param best the file to keep the best model in (written atomically at each improvement), or
   *     null
   * @return this trainer
   */
  public Trainer validateOn(Dataset val, Path best) {
    if (val == null || val.size() == 0) {
      throw new IllegalArgumentException("validation: needs at least one row");
    }
    if (val.features() != net.inputSize()) {
      throw new IllegalArgumentException("validation: " + val.features()
          + " features per item but the network takes " + net.inputSize());
    }
    this.validation = val;
    this.bestFile = best;
    return this;
  }

  /**
   * Whether early stopping ended the last run.
   *
   * @return true when the patience ran out
   */
  public boolean stoppedEarly() {
    return stopped;
  }

  /**
   * The best validation accuracy so far.
   *
   * @return in [0, 1], or −1 before the first evaluation with a validation set
   */
  public double bestValidationAccuracy() {
    return bestValidation;
  }

  /**
   * The history of this training.
   *
   * @return the live history (replaced by {@link #resume}); read it from the training thread or
   *     after the run
   */
  public History history() {
    return history;
  }

  /**
   * The training steps done.
   *
   * @return iterations done, including those of a resumed checkpoint
   */
  public int iterationsDone() {
    return done;
  }

  /**
   * Seconds spent training, including the runs a resumed trainer continues.
   *
   * @return wall-clock seconds of {@link #run}, evaluations included
   */
  public double elapsedSeconds() {
    return elapsedBefore;
  }

  /**
   * Runs the remaining iterations, from {@link #iterationsDone()} to the configured count,
   * evaluating (and checkpointing) on the way. Returns at once when none remain.
   *
   * @param listener hears every step and evaluation, on this thread
   * @return the history
   * @throws IOException when a checkpoint cannot be written (training stops there)
   * @throws TrainingDivergedException when a loss is NaN or infinite; nothing is written for
   *     that step and the network holds the weights of the step before
   * @throws IllegalStateException when another thread is running this trainer
   */
  public History run(Listener listener) throws IOException, TrainingDivergedException {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("Trainer.run: already running on another thread; a trainer"
          + " and its network are single-writer");
    }
    try {
      return runLocked(listener);
    } finally {
      running.set(false);
    }
  }

  /**
   * The training loop. Batch i + 1 is drawn before step i and gathered by a {@link
   * BatchPrefetcher} while step i runs; the sampler state a checkpoint saves is the one after
   * {@code done} draws, so a resumed run draws exactly what the uninterrupted one does.
   */
  private History runLocked(Listener listener) throws IOException, TrainingDivergedException {
    long start = System.nanoTime();
    double base = elapsedBefore;
    int n = train.size();
    int batch = cfg.batch();
    samplerAtDone = sampler.state();
    if (cfg.patience() > 0 && validation == null) {
      throw new IllegalStateException("patience: early stopping needs a validation set"
          + " (validateOn)");
    }
    if (done >= cfg.iterations() || stopped) {
      return history;
    }
    int[] curIdx = idx;
    float[] curX = x;
    int[] curLabels = labels;
    int[] nextIdx = idx2;
    float[] nextX = x2;
    int[] nextLabels = labels2;
    BatchPrefetcher prefetch = new BatchPrefetcher(train);
    try {
      sampler.fill(curIdx, batch, n);
      train.gather(curIdx, batch, curX, curLabels);
      while (done < cfg.iterations() && !stopped) {
        samplerAtDone = sampler.state(); // done + 1 draws: what a checkpoint after this step saves
        boolean more = done + 1 < cfg.iterations();
        if (more) {
          sampler.fill(nextIdx, batch, n);
          prefetch.submit(nextIdx, batch, nextX, nextLabels);
        }
        if (!cfg.schedule().isConstant()) {
          opt.setLearningRate(cfg.schedule().at(baseLr, done, cfg.iterations()));
        }
        float loss = net.gradient(curX, batch, curLabels);
        if (!Float.isFinite(loss)) {
          throw new TrainingDivergedException(done + 1, loss);
        }
        opt.update(params);
        history.addLoss(loss);
        int i = done++;
        listener.iteration(done, loss);
        if (more) {
          prefetch.await(); // before an evaluation, which wants both cores
        }
        boolean last = done == cfg.iterations();
        if (i % cfg.evalEvery() == 0 || last) {
          elapsedBefore = base + (System.nanoTime() - start) / 1e9;
          evaluate(i, last, listener);
        }
        int[] ti = curIdx;
        curIdx = nextIdx;
        nextIdx = ti;
        float[] tx = curX;
        curX = nextX;
        nextX = tx;
        int[] tl = curLabels;
        curLabels = nextLabels;
        nextLabels = tl;
      }
    } finally {
      prefetch.close();
      sampler.restore(samplerAtDone); // undo a draw for a step that did not run
      elapsedBefore = base + (System.nanoTime() - start) / 1e9;
    }
    return history;
  }

  private void evaluate(int i, boolean last, Listener listener) throws IOException {
    List<History.Epoch> ep = history.epochs();
    if (!ep.isEmpty() && ep.get(ep.size() - 1).iteration() == done) {
      return;
    }
    int from = ep.isEmpty() ? 0 : ep.get(ep.size() - 1).iteration();
    double val = validation == null ? Double.NaN : accuracy(validation);
    History.Epoch e = new History.Epoch(last && i % cfg.evalEvery() != 0 ? i / cfg.evalEvery() + 1
        : i / cfg.evalEvery(), done, history.meanLoss(from, done), accuracy(train), accuracy(test),
        elapsedBefore, val, opt.learningRate());
    history.addEpoch(e);
    if (validation != null) {
      if (val > bestValidation) {
        bestValidation = val;
        sinceBest = 0;
        if (bestFile != null) {
          ModelFile.write(bestFile, spec(net));
        }
      } else if (cfg.patience() > 0 && ++sinceBest >= cfg.patience()) {
        stopped = true;
      }
    }
    if (checkpoint != null) {
      ModelFile.write(checkpoint, checkpointState());
    }
    listener.evaluated(e);
  }

  /**
   * The network's accuracy over a whole set, in chunks through the network's buffers (call it
   * from the training thread, not during a run).
   *
   * @param d the set, with the network's input size
   * @return the share of rows classified correctly, in [0, 1]; NaN for an empty set
   */
  public double accuracy(Dataset d) {
    int chunk = evalLabels.length;
    long right = 0;
    for (int from = 0; from < d.size(); from += chunk) {
      int count = Math.min(chunk, d.size() - from);
      d.copyRange(from, count, evalX, evalLabels);
      right += net.countCorrect(evalX, count, evalLabels);
    }
    return (double) right / d.size();
  }

  /**
   * The network's current weights as a model file spec, for {@code ModelFile.write} or
   * {@code Model.of}.
   *
   * @param net the network (not being trained on another thread meanwhile)
   * @return a spec holding copies of its sizes, activation and parameters
   * @throws IllegalArgumentException when a parameter is not finite
   */
  public static ModelSpec spec(Network net) {
    return ModelSpec.of(net);
  }



  private Checkpoint checkpointState() {
    return TrainerCheckpoint.capture(this);
  }

  /**
   * Restores weights, optimizer state, sampler and history from a checkpoint written by a trainer
   * with the same architecture, optimizer, batch size and seed; the next {@link #run} then
   * continues as the interrupted run would have, bit for bit.
   *
   * @param c a checkpoint read with {@code ModelFile.read}
   * @throws IOException when the checkpoint's architecture, batch size or seed differ from this
   *     trainer's, or its optimizer state is missing or of another size
   */
  public void resume(Checkpoint c) throws IOException {
    TrainerCheckpoint.restore(this, c);
  }
}
