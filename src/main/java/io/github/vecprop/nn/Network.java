package io.github.vecprop.nn;

import io.github.vecprop.kernel.LossKernels;
import io.github.vecprop.kernel.UpdateKernels;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A feed-forward classifier: any stack of layers, then a terminal {@link SoftmaxWithLoss}. Build
 * one with {@link #builder(int)} (Affine, the activations, {@link BatchNorm}, {@link Dropout}, a
 * layer of your own, weight decay: the book's {@code MultiLayerNetExtend} and more), or with the
 * shorthand {@link #Network(int[], Activation, WeightInit, long)} for Affine → activation → … →
 * Affine (the book's {@code MultiLayerNet}; {@link TwoLayerNet} is one).
 *
 * <p><b>Modes.</b> A network starts in training mode; {@link #setTraining(boolean)} switches
 * every layer (BatchNorm's statistics, Dropout). {@link #predict}, {@link #loss} and
 * {@link #gradient} run in the current mode; {@link #classify}, {@link #countCorrect} and
 * {@link #accuracy} always run in inference mode (as the book's {@code accuracy}) and leave the
 * mode as it was.
 *
 * <p><b>Shapes.</b> Inputs are flat row-major {@code float[]} of {@code batch × inputSize()};
 * labels are class indices ({@code int[] batch}) or one-hot rows ({@code float[] batch ×
 * outputSize()}). Every method takes the batch explicitly and reads from offset 0, so a trainer
 * can reuse one buffer and pass a smaller last batch.
 *
 * <p><b>Parameters.</b> {@link #parameters()} lists W1, b1, W2, b2, … in layer order. Each
 * {@link Parameter}'s value and grad arrays are the very arrays the layers use, so an optimizer
 * that updates them in place trains the network. To load a model build the network from the
 * same {@link #layerSizes()} and {@link #activation()}, then {@link #loadParameters(float[][])}
 * (or {@link Parameter#copyFrom(float[])}); to save one, {@link #copyParameters()}.
 *
 * <p><b>Buffers.</b> Every layer allocates its buffers when it first sees a batch larger than
 * any before ({@link #ensureCapacity(int)} does it up front); after that {@link #gradient},
 * {@link #loss}, {@link #predict} and {@link #accuracy} allocate nothing. Arrays returned by
 * {@link #predict} are live buffers, valid until the next call.
 *
 * <p><b>First-layer dx.</b> The input gradient of the first Affine is never needed, so by default
 * it is not computed (saving a batch × in × hidden GEMM a step); see
 * {@link #setComputeFirstInputGradient(boolean)}.
 *
 * <p><b>Threads.</b> A network is single-writer: it and its layers hold per-call state, so one
 * thread at a time may call any method (use one network per thread to evaluate in parallel).
 */
public class Network {
  /** The seed used when none is given, so an unseeded network is reproducible too. */
  public static final long DEFAULT_SEED = 42L;

  private final int[] sizes;
  private final Activation activation;
  private final WeightInit init;
  private final long seed;
  private final float weightDecay;
  /** The layers, the loss layer, the parameters and the cached layer outputs. */
  private final LayerStack stack;
  private final List<Parameter> paramList;
  private final CorrectCounter correct = new CorrectCounter();
  private boolean training = true;

  /**
   * Builds a network with the given sizes, hidden activation, weight initialisation and seed:
   * Affine1 → activation → … → Affine, as {@code builder(sizes[0]).init(init).affine(sizes[1])
   * .activation(activation) … .affine(sizes[n]).build(seed)}. Weights W1, W2, … are drawn in that
   * order from one generator seeded with {@code seed}; biases start at zero.
   *
   * @param layerSizes input size, hidden sizes…, number of classes; at least two, all positive
   *     (copied)
   * @param activation the activation after every affine map but the last
   * @param init how the weights are drawn
   * @param seed seeds the weight draws; the same seed gives the same weights on every JVM
   * @throws IllegalArgumentException when fewer than two sizes are given, a size is not
   *     positive, or activation or init is null
   */
  public Network(int[] layerSizes, Activation activation, WeightInit init, long seed) {
    this(NetworkBuilder.mlp(layerSizes, activation, init, seed));
  }

  private Network(Network built) {
    this(built.stack, built.init, built.seed, built.weightDecay);
  }

  Network(LayerStack stack, WeightInit init, long seed, float weightDecay) {
    this.stack = stack;
    this.init = init;
    this.seed = seed;
    this.weightDecay = weightDecay;
    this.paramList = Collections.unmodifiableList(Arrays.asList(stack.params));
    this.sizes = stack.affineWidths();
    this.activation = stack.firstActivation();
  }

  /**
   * Starts a network of any stack of layers over rows of {@code inputSize} floats.
   *
   * @param inputSize floats per input row, positive
   * @return a builder; see {@link NetworkBuilder}
   */
  public static NetworkBuilder builder(int inputSize) {
    return new NetworkBuilder(new int[] {inputSize});
  }

  /**
   * Starts a network over samples of {@code channels × height × width} floats (NCHW, one flat
   * row per sample), which convolution and pooling layers need; the other layers see the row.
   *
   * @param channels C, positive
   * @param height H, positive
   * @param width W, positive
   * @return a builder; see {@link NetworkBuilder}
   */
  public static NetworkBuilder builder(int channels, int height, int width) {
    return new NetworkBuilder(new int[] {channels, height, width});
  }

  /**
   * The shape of one input sample: {@code [C, H, W]} for a network built over images with
   * {@link #builder(int, int, int)}, else {@code [inputSize]}.
   *
   * @return a copy of the shape
   */
  public int[] inputShape() {
    return stack.inputShape.clone();
  }

  /**
   * A network with Gaussian(0.01) weights, the seed's initialisation.
   *
   * @param layerSizes input size, hidden sizes…, number of classes; at least two, all positive
   * @param activation the activation after every affine map but the last
   * @param seed seeds the weight draws
   * @throws IllegalArgumentException as {@link #Network(int[], Activation, WeightInit, long)}
   */
  public Network(int[] layerSizes, Activation activation, long seed) {
    this(layerSizes, activation, WeightInit.gaussian(), seed);
  }

  /**
   * The widths around the Affine layers: the input size, then each Affine's output size.
   *
   * @return for the shorthand networks, input, hidden… and output sizes (a copy)
   */
  public int[] layerSizes() {
    return sizes.clone();
  }

  /**
   * The first activation in the stack.
   *
   * @return for the shorthand networks the activation given at construction; null when the
   *     stack has no built-in activation
   */
  public Activation activation() {
    return activation;
  }

  /**
   * The weight initialisation of the first Affine.
   *
   * @return the initialisation given at construction (or to the builder)
   */
  public WeightInit init() {
    return init;
  }

  /**
   * The seed of the weight draws.
   *
   * @return the seed given at construction
   */
  public long seed() {
    return seed;
  }

  /**
   * Floats per input row.
   *
   * @return the first layer size (784 for MNIST)
   */
  public int inputSize() {
    return stack.inputSize();
  }

  /**
   * The number of classes.
   *
   * @return the last layer size, the width of the logits
   */
  public int outputSize() {
    return stack.classes();
  }

  /**
   * λ of the L2 weight decay.
   *
   * @return 0 for none
   */
  public float weightDecay() {
    return weightDecay;
  }

  /**
   * Switches every layer between training and inference behaviour (see the class comment).
   *
   * @param training true for training mode
   */
  public void setTraining(boolean training) {
    this.training = training;
    stack.setTraining(training);
  }

  /**
   * The current mode.
   *
   * @return true in training mode
   */
  public boolean isTraining() {
    return training;
  }

  /** Dropout layers reuse their last mask while frozen (gradient checks). */
  void freezeMasks(boolean frozen) {
    stack.freezeMasks(frozen);
  }

  boolean masksFrozen() {
    return stack.masksFrozen;
  }

  /**
   * The trainable parameters.
   *
   * @return W1, b1, W2, b2, … in layer order, shared by reference (an unmodifiable list)
   */
  public List<Parameter> parameters() {
    return paramList;
  }

  /**
   * The parameter with the given name.
   *
   * @param name "W1", "b1", "W2", …
   * @return the parameter, shared by reference
   * @throws IllegalArgumentException when there is no parameter of that name
   */
  public Parameter parameter(String name) {
    for (Parameter p : paramList) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("parameter: no " + name + " in " + paramList);
  }

  /**
   * The layers.
   *
   * @return Affine1, activation, …, the last Affine in forward order, without the loss
   *     (an unmodifiable list of the live layers)
   */
  public List<Layer> layers() {
    return Collections.unmodifiableList(Arrays.asList(stack.layers));
  }

  /**
   * The terminal softmax-with-loss layer.
   *
   * @return the live loss layer (its probabilities are those of the last loss or gradient call)
   */
  public SoftmaxWithLoss lossLayer() {
    return stack.lossLayer;
  }

  /**
   * Whether the first layer with parameters (an Affine or a Convolution) computes its input
   * gradient (default false: nothing uses it). Turn it on to inspect dx of the whole network.
   *
   * @param on true to compute the first layer's dx in backward
   */
  public void setComputeFirstInputGradient(boolean on) {
    stack.setComputeFirstInputGradient(on);
  }

  /**
   * Copies of every parameter's values, for saving.
   *
   * @return new arrays in {@link #parameters()} order, each row-major
   */
  public float[][] copyParameters() {
    return stack.copyParameters();
  }

  /**
   * Copies values into the parameters, for loading.
   *
   * @param values read: one array per parameter in {@link #parameters()} order, each of exactly
   *     that parameter's size
   * @throws IllegalArgumentException when the count or a length differs (parameters before the
   *     bad one have been copied)
   */
  public void loadParameters(float[][] values) {
    stack.loadParameters(values);
  }

  /**
   * Allocates every buffer for batches up to {@code batch} now rather than on first use; computes
   * nothing (parameters and grads are untouched).
   *
   * @param batch the largest batch the network will be given
   * @throws IllegalArgumentException when batch is not positive
   */
  public void ensureCapacity(int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch: must be positive, got " + batch);
    }
    stack.reserve(batch);
    correct.reserve(batch);
  }

  /**
   * The logits (scores before softmax) for {@code batch} rows.
   *
   * @param x read: {@code batch × inputSize()} floats, row-major, from offset 0
   * @param batch rows, at least 1
   * @return the last layer's live output buffer, {@code batch × outputSize()} valid until the
   *     next call on this network
   * @throws IllegalArgumentException when batch is not positive or x is null or too short
   */
  public float[] predict(float[] x, int batch) {
    return stack.forwardFrom(0, x, batch);
  }

  /**
   * The predicted class (argmax of the logits, the first on ties) of each row.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param out written: {@code out[0, batch)}, each in [0, outputSize())
   * @throws IllegalArgumentException when batch is not positive or x or out is null or too
   *     short
   */
  public void classify(float[] x, int batch, int[] out) {
    boolean was = training;
    if (was) {
      setTraining(false);
    }
    try {
      float[] logits = predict(x, batch);
      LossKernels.argmaxRows(batch, outputSize(), logits, 0, out, 0);
    } finally {
      if (was) {
        setTraining(true);
      }
    }
  }

  /**
   * The mean cross-entropy loss, −Σ log(p_label + 1e-7) / batch, with class-index labels.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}, each in [0, outputSize())
   * @return the mean loss in nats
   * @throws IllegalArgumentException when batch is not positive, x or labels is null or too
   *     short, or a label is out of range
   */
  public float loss(float[] x, int batch, int[] labels) {
    return withDecay(stack.lossLayer.forward(predict(x, batch), batch, labels));
  }

  private float withDecay(float crossEntropy) {
    return weightDecay == 0f ? crossEntropy : (float) (crossEntropy + decayTerm());
  }

  /**
   * The mean cross-entropy loss, −Σ t·log(p + 1e-7) / batch, with one-hot label rows.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × outputSize()} target rows
   * @return the mean loss in nats
   * @throws IllegalArgumentException when batch is not positive or x or oneHot is null or too
   *     short
   */
  public float loss(float[] x, int batch, float[] oneHot) {
    return withDecay(stack.lossLayer.forward(predict(x, batch), batch, oneHot));
  }

  /**
   * How many rows are classified correctly, with class-index labels.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}
   * @return the number of rows whose argmax equals the label, 0..batch
   * @throws IllegalArgumentException when batch is not positive or x is null or too short
   * @throws ArrayIndexOutOfBoundsException when labels is shorter than batch
   */
  public int countCorrect(float[] x, int batch, int[] labels) {
    return correct.count(this, x, batch, labels);
  }

  /**
   * How many rows are classified correctly; one-hot rows compare by argmax, as in the book.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × outputSize()} target rows
   * @return the number of rows whose argmax equals the target's argmax, 0..batch
   * @throws IllegalArgumentException when batch is not positive or x or oneHot is null or too
   *     short
   */
  public int countCorrect(float[] x, int batch, float[] oneHot) {
    return correct.count(this, x, batch, oneHot);
  }

  /**
   * The fraction of rows classified correctly, with class-index labels.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}
   * @return {@link #countCorrect(float[], int, int[])} / batch, in [0, 1]
   * @throws IllegalArgumentException as {@link #countCorrect(float[], int, int[])}
   */
  public float accuracy(float[] x, int batch, int[] labels) {
    return countCorrect(x, batch, labels) / (float) batch;
  }

  /**
   * The fraction of rows classified correctly, with one-hot labels.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × outputSize()} target rows
   * @return {@link #countCorrect(float[], int, float[])} / batch, in [0, 1]
   * @throws IllegalArgumentException as {@link #countCorrect(float[], int, float[])}
   */
  public float accuracy(float[] x, int batch, float[] oneHot) {
    return countCorrect(x, batch, oneHot) / (float) batch;
  }

  /**
   * Backprop: forward, loss, backward. Overwrites every parameter's grad and returns the loss
   * (before any update). Allocates nothing once the buffers exist.
   *
   * @param x read: {@code batch × inputSize()} floats; the caller must not change it during
   *     the call
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}, each in [0, outputSize())
   * @return the mean cross-entropy loss in nats, as {@link #loss(float[], int, int[])}
   * @throws IllegalArgumentException when batch is not positive, x or labels is null or too
   *     short, or a label is out of range
   */
  public float gradient(float[] x, int batch, int[] labels) {
    return backpropagate(loss(x, batch, labels));
  }

  /**
   * Backprop with one-hot labels; see {@link #gradient(float[], int, int[])}.
   *
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × outputSize()} target rows
   * @return the mean cross-entropy loss in nats
   * @throws IllegalArgumentException when batch is not positive or x or oneHot is null or too
   *     short
   */
  public float gradient(float[] x, int batch, float[] oneHot) {
    return backpropagate(loss(x, batch, oneHot));
  }

  /** After a forward with loss: backward from it, plus the decay gradient; returns the loss. */
  private float backpropagate(float loss) {
    backwardFrom(1f);
    stack.addDecayGradient(weightDecay);
    return loss;
  }

  /** The central differences, by {@link NumericalGradient#numerical}; only: indices or null. */
  double[][] numerical(float[] x, int batch, int[] labels, float[] oneHot, double h,
      int[][] only) {
    return NumericalGradient.numerical(this, stack, x, batch, labels, oneHot, h, only);
  }

  /** Backward from the loss; see {@link LayerStack#backwardFrom}. */
  void backwardFrom(float dout) {
    stack.backwardFrom(dout);
  }

  @Override
  public String toString() {
    return "Network" + Arrays.toString(stack.layers) + (weightDecay > 0 ? " weight decay "
        + weightDecay : "") + " seed " + seed;
  }

  /** ½·λ·ΣW², see {@link LayerStack#decayTerm}. */
  double decayTerm() {
    return stack.decayTerm(weightDecay);
  }
}
