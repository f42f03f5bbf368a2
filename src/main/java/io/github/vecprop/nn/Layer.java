package io.github.vecprop.nn;

/**
 * A differentiable layer with a forward and a backward pass over a batch of rows.
 *
 * <p>Contract, which {@link GradientCheck} verifies for any implementation:
 * <ul>
 *   <li>{@link #forward} reads {@code batch × inputSize()} floats from {@code x} (row-major,
 *       offset 0), caches exactly what backward needs and returns the layer's own output buffer,
 *       of which the first {@code batch × outputSize()} elements are valid until the next
 *       forward call. Buffers are allocated when the batch exceeds every batch seen before, so
 *       a smaller last batch reuses them and a steady training loop allocates nothing.
 *   <li>{@link #backward} takes the upstream gradient {@code dout} ({@code batch × outputSize()}
 *       of the last forward), <em>overwrites</em> the gradients of its parameters and returns
 *       the input gradient ({@code batch × inputSize()} valid), or {@code null} when the layer
 *       was told not to compute it. Running it twice gives the same result; a zero {@code dout}
 *       gives zero gradients.
 *   <li>The caller must not modify {@code x} between forward and backward (a layer may keep a
 *       reference to it instead of copying it, as {@link Affine} does).
 * </ul>
 * Layers are single-writer: no method may be called concurrently on one instance.
 */
public interface Layer {

  /**
   * A short name for messages.
   *
   * @return e.g. "Affine1" or "Relu"
   */
  String name();

  /**
   * Floats per input row.
   *
   * @return the width of x
   */
  int inputSize();

  /**
   * Floats per output row.
   *
   * @return the width of the forward output
   */
  int outputSize();

  /**
   * Forward over {@code batch} rows of x (see the class contract).
   *
   * @param x read: {@code batch × inputSize()} floats, row-major, from offset 0
   * @param batch rows, at least 1
   * @return the layer's output buffer, of which {@code batch × outputSize()} are valid until the
   *     next forward
   * @throws IllegalArgumentException when batch is not positive or x is null or too short (the
   *     contract of vecprop's layers; an implementation should do the same)
   */
  float[] forward(float[] x, int batch);

  /**
   * Backward for the last forward (see the class contract).
   *
   * @param dout read: {@code batch × outputSize()} upstream gradient
   * @return dx, {@code batch × inputSize()} valid, or {@code null} when the layer does not
   *     compute it
   * @throws IllegalStateException when called before any forward (vecprop's layers)
   * @throws IllegalArgumentException when dout is null or too short (vecprop's layers)
   */
  float[] backward(float[] dout);

  /**
   * The trainable parameters, shared by reference.
   *
   * @return the parameters (a new array each call); empty for activations
   */
  Parameter[] parameters();

  /**
   * Allocates the buffers for batches up to {@code batch} now instead of at the first forward
   * that needs them; computes nothing. The default does nothing (a layer that allocates in
   * forward stays correct, it just allocates later).
   *
   * @param batch the largest batch to be passed to forward
   */
  default void reserve(int batch) {}

  /**
   * Switches between training and inference behaviour. Layers that behave the same in both
   * (Affine, the activations) ignore it; {@link BatchNorm} normalises with the batch's statistics
   * while training and with its running averages at inference, {@link Dropout} drops units only
   * while training. A new layer starts in training mode; {@link Network#setTraining} switches
   * every layer of a network.
   *
   * @param training true for training behaviour, false for inference
   */
  default void setTraining(boolean training) {}
}
