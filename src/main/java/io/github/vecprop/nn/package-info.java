/**
 * Layers, networks, parameters and gradient checking: the hand-written backpropagation.
 *
 * <p>Start from {@link io.github.vecprop.nn.Network} (an ordered stack of
 * {@link io.github.vecprop.nn.Layer}s — {@link io.github.vecprop.nn.Affine} and an
 * {@link io.github.vecprop.nn.Activation} — ending in {@link io.github.vecprop.nn.SoftmaxWithLoss})
 * or its shorthand {@link io.github.vecprop.nn.TwoLayerNet}, the seed program's 784 → 50 → 10
 * network. {@link io.github.vecprop.nn.Network#gradient(float[], int, int[])} runs forward, loss
 * and backward and leaves every {@link io.github.vecprop.nn.Parameter}'s gradient filled for an
 * optimizer in {@code io.github.vecprop.optim}. To check a layer of your own, use
 * {@link io.github.vecprop.nn.GradientCheck}, which throws a
 * {@link io.github.vecprop.nn.GradientCheckFailure} naming the element that disagrees.
 *
 * <p><b>Shapes.</b> Every array is a flat row-major {@code float[]}: a batch of inputs is
 * {@code batch × inputSize()}, logits and one-hot labels {@code batch × classes}, class-index
 * labels {@code int[batch]}; a weight W is {@code in × out} (so y = x·W + b) and a bias
 * {@code 1 × out}. Methods take the batch explicitly and read from offset 0, so a longer buffer
 * and a smaller last batch are fine. Losses are mean cross-entropies in nats.
 *
 * <p><b>Buffers.</b> Layers own their output and gradient buffers, allocated when a batch larger
 * than any before arrives (or up front with {@code ensureCapacity}/{@code reserve}); after that a
 * training step allocates nothing. Returned arrays are those live buffers, valid until the next
 * call.
 *
 * <p><b>Threads.</b> Layers and networks are single-writer: one thread at a time. Use one network
 * per thread, or {@code io.github.vecprop.model.Model}, which is immutable, for concurrent
 * inference.
 *
 * <p><b>Errors.</b> A null or too short array, or a non-positive batch, throws
 * {@link java.lang.IllegalArgumentException} naming the argument; backward before forward throws
 * {@link java.lang.IllegalStateException}.
 */
package io.github.vecprop.nn;
