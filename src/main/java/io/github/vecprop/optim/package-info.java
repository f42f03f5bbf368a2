/**
 * The book's optimizers, updating parameters in place through the kernels.
 *
 * <p>Start from {@link io.github.vecprop.optim.Optimizers#create(String)} (by name: "sgd",
 * "momentum", "nesterov", "adagrad", "rmsprop", "adam") or construct
 * {@link io.github.vecprop.optim.SGD}, {@link io.github.vecprop.optim.Momentum},
 * {@link io.github.vecprop.optim.Nesterov}, {@link io.github.vecprop.optim.AdaGrad},
 * {@link io.github.vecprop.optim.RMSprop} or {@link io.github.vecprop.optim.Adam} directly; then
 * call {@link io.github.vecprop.optim.Optimizer#update(java.util.List)} with a network's
 * {@code parameters()} after each backward pass. Defaults are the book's ({@code
 * common/optimizer.py}), except SGD's learning rate, 0.1 as in the seed program.
 *
 * <p>State (velocities, moments) is one float array per parameter per slot, allocated on the
 * first update; {@link io.github.vecprop.optim.Optimizer#exportState()} and
 * {@link io.github.vecprop.optim.Optimizer#restoreState(OptimizerState)} copy it out and in as an
 * {@link io.github.vecprop.optim.OptimizerState}, which is how a checkpoint resumes bit-exactly.
 *
 * <p>Optimizers are single-writer, like the network they train.
 */
package io.github.vecprop.optim;
