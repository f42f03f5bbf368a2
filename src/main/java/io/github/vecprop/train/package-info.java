/**
 * The training loop and what it reports: metrics, history, charts.
 *
 * <p>Start from {@link io.github.vecprop.train.Trainer}: give it a {@code Network}, an
 * {@code Optimizer}, the training and test {@code Dataset}s and a
 * {@link io.github.vecprop.train.Trainer.Config}, optionally
 * {@link io.github.vecprop.train.Trainer#checkpointTo} a file, and
 * {@link io.github.vecprop.train.Trainer#run} it; a
 * {@link io.github.vecprop.train.Trainer.Listener} hears every step and evaluation, and
 * {@link io.github.vecprop.train.Trainer#resume} continues from a checkpoint to the same bits as
 * an uninterrupted run. {@link io.github.vecprop.train.Trainer#spec(io.github.vecprop.nn.Network)}
 * turns the trained network into a {@code ModelSpec} to save.
 *
 * <p>The run's record is a {@link io.github.vecprop.train.History} (loss per iteration, accuracy
 * per evaluation; CSV via {@code writeCsv}, a chart via {@link io.github.vecprop.train.SvgChart});
 * {@link io.github.vecprop.train.Confusion} gives per-class precision and recall;
 * {@link io.github.vecprop.train.BatchSampler} draws mini-batches reproducibly. A NaN or infinite
 * loss stops training with a {@link io.github.vecprop.train.TrainingDivergedException}.
 *
 * <p>A trainer is single-writer; during a run it uses one helper thread of its own to gather the
 * next mini-batch.
 */
package io.github.vecprop.train;
