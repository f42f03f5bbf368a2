package io.github.vecprop.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Stacks layers in any order into a {@link Network} that ends in {@link SoftmaxWithLoss}; from
 * {@link Network#builder(int)}, or {@link Network#builder(int, int, int)} for images.
 *
 * <pre>{@code
 * Network net = Network.builder(784)
 *     .init(WeightInit.he())
 *     .affine(100).batchNorm().relu().dropout(0.2f)
 *     .affine(10)
 *     .weightDecay(0.1f)
 *     .build(42);
 * }</pre>
 *
 * <p>Each call appends one layer whose input width is the current width (the input size, then
 * the last layer's output); the last layer's width is the number of classes. Convolution and
 * pooling need an image shape (C × H × W, from {@link Network#builder(int, int, int)}), which
 * they and the element-wise layers keep and an Affine flattens. Names are numbered per kind in
 * order: Affine1 with W1 and b1, Affine2 …; Convolution1 with Wconv1 and bconv1; MaxPooling1;
 * Relu1 …; BatchNorm1 with gamma1 and beta1; Dropout1 …. {@link #build(long)} draws every
 * Affine's and Convolution's weights, in layer order, from one generator seeded with the seed
 * (biases start at zero), each with the initialisation in force when it was added; Dropout masks
 * come from generators seeded from the same seed and the layer's position, so the weights do not
 * depend on whether a network has dropout. A builder
 * builds once.
 */
public final class NetworkBuilder {
  private final int inputSize;
  private final int[] inputShape;
  private final List<IntFunction<Layer>> pending = new ArrayList<>();
  private final List<WeightInit> inits = new ArrayList<>();
  private final int[] counts = new int[8];
  private int width;
  /** The current sample shape: [C, H, W] while the layers keep an image's shape, else [width]. */
  private int[] shape;
  private WeightInit init = WeightInit.gaussian();
  private float weightDecay;
  private boolean built;
  /** The generator of the weights while {@link #build} runs. */
  private SplittableRandom random;
  private long seed;

  NetworkBuilder(int[] inputShape) {
    long size = 1;
    for (int d : inputShape) {
      if (d <= 0) {
        throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape)
            + ": every size must be positive");
      }
      size *= d;
    }
    if (size > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape)
          + ": too large");
    }
    this.inputShape = inputShape.clone();
    this.inputSize = (int) size;
    this.width = inputSize;
    this.shape = inputShape.clone();
  }

  /**
   * The initialisation of the Affine layers added after this call (default Gaussian, std 0.01).
   *
   * @param init how their weights are drawn
   * @return this builder
   */
  public NetworkBuilder init(WeightInit init) {
    if (init == null) {
      throw new IllegalArgumentException("init: is null");
    }
    this.init = init;
    return this;
  }

  /**
   * Appends an Affine layer (weights drawn at build, bias zero).
   *
   * @param outputs its output width, positive
   * @return this builder
   */
  public NetworkBuilder affine(int outputs) {
    if (outputs <= 0) {
      throw new IllegalArgumentException("affine: output size must be positive, got " + outputs);
    }
    int k = ++counts[0];
    int in = width;
    WeightInit wi = init;
    inits.add(wi);
    pending.add(i -> {
      Parameter w = new Parameter("W" + k, in, outputs);
      wi.fill(w.value(), in, random);
      return new Affine("Affine" + k, w, new Parameter("b" + k, 1, outputs));
    });
    flat(outputs);
    return this;
  }

  private void flat(int outputs) {
    width = outputs;
    shape = new int[] {outputs};
  }

  /**
   * Appends a {@link Convolution} of {@code filters} filters of kernelHeight × kernelWidth over
   * the current image shape (weights drawn at build with the initialisation in force, fan-in
   * C·KH·KW; biases zero). The shape becomes filters × OH × OW.
   *
   * @param filters output channels, positive
   * @param kernelHeight window rows, positive
   * @param kernelWidth window columns, positive
   * @param stride the step, positive
   * @param pad zero padding on each side, ≥ 0
   * @return this builder
   * @throws IllegalArgumentException naming the layer and the numbers when the current width is
   *     not an image (C × H × W) or the kernel does not fit
   */
  public NetworkBuilder conv(int filters, int kernelHeight, int kernelWidth, int stride,
      int pad) {
    int k = counts[6] + 1;
    String name = "Convolution" + k;
    if (filters <= 0) {
      throw new IllegalArgumentException(name + ": filters must be positive, got " + filters);
    }
    io.github.vecprop.kernel.Window g = window(name, kernelHeight, kernelWidth, stride, pad);
    counts[6] = k;
    WeightInit wi = init;
    inits.add(wi);
    pending.add(i -> {
      Parameter w = new Parameter("Wconv" + k, filters, g.patchSize());
      wi.fill(w.value(), g.patchSize(), random);
      return new Convolution(name, g, w, new Parameter("bconv" + k, 1, filters));
    });
    image(filters, g);
    return this;
  }

  /**
   * Appends a {@link MaxPooling} over the current image shape. The shape becomes C × OH × OW.
   *
   * @param height window rows, positive
   * @param width window columns, positive
   * @param stride the step, positive
   * @param pad padding (not candidates) on each side, ≥ 0 and below the window
   * @return this builder
   * @throws IllegalArgumentException naming the layer and the numbers when the current width is
   *     not an image or the window does not fit
   */
  public NetworkBuilder pool(int height, int width, int stride, int pad) {
    int k = counts[7] + 1;
    String name = "MaxPooling" + k;
    io.github.vecprop.kernel.Window g = window(name, height, width, stride, pad);
    if (pad >= height || pad >= width) {
      throw new IllegalArgumentException(name + ": pad " + pad + " must be below the window "
          + height + "×" + width);
    }
    counts[7] = k;
    pending.add(i -> new MaxPooling(name, g));
    image(g.channels(), g);
    return this;
  }

  /**
   * {@link #pool(int, int, int, int)} with a square window, stride equal to the window and no
   * padding (the book's {@code Pooling(pool_h=2, pool_w=2, stride=2)} is {@code pool(2)}).
   *
   * @param size window rows and columns, positive
   * @return this builder
   */
  public NetworkBuilder pool(int size) {
    return pool(size, size, size, 0);
  }

  private io.github.vecprop.kernel.Window window(String name, int kh, int kw, int stride,
      int pad) {
    if (shape.length != 3) {
      throw new IllegalArgumentException(name + ": needs an image input C×H×W, but the width"
          + " here is " + width + " (start with Network.builder(channels, height, width), and"
          + " put convolution and pooling before any affine)");
    }
    try {
      return new io.github.vecprop.kernel.Window(shape[0], shape[1], shape[2], kh, kw, stride,
          pad);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  private void image(int channels, io.github.vecprop.kernel.Window g) {
    shape = new int[] {channels, g.outHeight(), g.outWidth()};
    width = channels * g.outHeight() * g.outWidth();
  }

  /**
   * Appends an activation layer.
   *
   * @param activation which one
   * @return this builder
   */
  public NetworkBuilder activation(Activation activation) {
    if (activation == null) {
      throw new IllegalArgumentException("activation: is null");
    }
    int k = ++counts[1 + activation.ordinal()];
    String kind = switch (activation) {
      case RELU -> "Relu";
      case SIGMOID -> "Sigmoid";
      case TANH -> "Tanh";
    };
    int n = width;
    pending.add(i -> activation.create(kind + k, n));
    return this;
  }

  /**
   * Appends a ReLU.
   *
   * @return this builder
   */
  public NetworkBuilder relu() {
    return activation(Activation.RELU);
  }

  /**
   * Appends a sigmoid.
   *
   * @return this builder
   */
  public NetworkBuilder sigmoid() {
    return activation(Activation.SIGMOID);
  }

  /**
   * Appends a tanh.
   *
   * @return this builder
   */
  public NetworkBuilder tanh() {
    return activation(Activation.TANH);
  }

  /**
   * Appends a {@link BatchNorm} over the current width (γ = 1, β = 0).
   *
   * @return this builder
   */
  public NetworkBuilder batchNorm() {
    int k = ++counts[4];
    int n = width;
    pending.add(i -> new BatchNorm("BatchNorm" + k, n, named("gamma" + k, n, 1f),
        named("beta" + k, n, 0f)));
    return this;
  }

  private static Parameter named(String name, int n, float value) {
    Parameter p = new Parameter(name, 1, n);
    java.util.Arrays.fill(p.value(), value);
    return p;
  }

  /**
   * Appends an inverted {@link Dropout}.
   *
   * @param ratio the probability p of dropping a unit while training, in [0, 1)
   * @return this builder
   */
  public NetworkBuilder dropout(float ratio) {
    if (!(ratio >= 0f && ratio < 1f)) {
      throw new IllegalArgumentException("dropout: ratio must be in [0, 1), got " + ratio);
    }
    int k = ++counts[5];
    int n = width;
    pending.add(i -> new Dropout("Dropout" + k, n, ratio, dropoutSeed(seed, i)));
    return this;
  }

  /** The seed of the mask generator of the dropout layer at index i of a network seeded so. */
  static long dropoutSeed(long seed, int index) {
    return (seed ^ 0xD1B54A32D192ED03L) * 0x9E3779B97F4A7C15L + index;
  }

  /**
   * Appends a layer of the caller's (any {@link Layer} whose input width is the current width;
   * {@link GradientCheck} checks it like vecprop's own).
   *
   * @param layer the layer, used as given (not copied)
   * @return this builder
   */
  public NetworkBuilder add(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException("layer: is null");
    }
    if (layer.inputSize() != width) {
      throw new IllegalArgumentException("layer " + layer.name() + ": takes " + layer.inputSize()
          + " inputs but the network's width here is " + width);
    }
    pending.add(i -> layer);
    if (layer.outputSize() != width) {
      flat(layer.outputSize());
    }
    return this;
  }

  /**
   * L2 weight decay as the book's: the loss gains ½·λ·ΣW² over every Affine's weight matrix (the
   * output layer's too; not biases, γ or β) and each such gradient gains λ·W.
   *
   * @param lambda λ, finite and ≥ 0 (0, the default, for none)
   * @return this builder
   */
  public NetworkBuilder weightDecay(float lambda) {
    if (!(lambda >= 0f) || Float.isInfinite(lambda)) {
      throw new IllegalArgumentException("weightDecay: must be finite and >= 0, got " + lambda);
    }
    this.weightDecay = lambda;
    return this;
  }

  /**
   * Appends the layers of a spec such as {@code affine:100,batchnorm,relu,dropout:0.2,affine:10}:
   * comma-separated layer ids ({@link LayerKind#id()}), {@code affine:OUT} with a positive
   * output size and {@code dropout:P} with P in [0, 1); the others take no argument.
   *
   * @param spec the layer spec
   * @return this builder
   * @throws IllegalArgumentException one line naming the token and what was expected
   */
  public NetworkBuilder layers(String spec) {
    return LayerSpecParser.parse(spec, this);
  }

  /**
   * The current width: the input size, or the last layer's output.
   *
   * @return floats per row after the layers so far
   */
  public int width() {
    return width;
  }

  /**
   * Builds the network (weights drawn now, see the class comment).
   *
   * @param seed seeds the weight draws and the dropout masks
   * @return the network, in training mode
   * @throws IllegalStateException when no layer was added or the builder was used
   */
  public Network build(long seed) {
    if (built) {
      throw new IllegalStateException("this builder has built its network already");
    }
    if (pending.isEmpty()) {
      throw new IllegalStateException("a network needs at least one layer");
    }
    built = true;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    Layer[] layers = new Layer[pending.size()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = pending.get(i).apply(i);
    }
    this.random = null;
    LayerStack stack = new LayerStack(layers);
    stack.inputShape = inputShape.clone();
    return new Network(stack, inits.isEmpty() ? init : inits.get(0), seed, weightDecay);
  }

  /**
   * Builds with {@link Network#DEFAULT_SEED}.
   *
   * @return the network
   */
  public Network build() {
    return build(Network.DEFAULT_SEED);
  }

  int inputSize() {
    return inputSize;
  }

  /** The shorthand of {@link Network#Network(int[], Activation, WeightInit, long)}. */
  static Network mlp(int[] layerSizes, Activation activation, WeightInit init,
      long seed) {
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException(
          "layerSizes: need at least input and output sizes, got " + Arrays.toString(layerSizes));
    }
    for (int i = 0; i < layerSizes.length; i++) {
      if (layerSizes[i] <= 0) {
        throw new IllegalArgumentException("layerSizes[" + i + "]: must be positive, got "
            + layerSizes[i] + " in " + Arrays.toString(layerSizes));
      }
    }
    if (activation == null || init == null) {
      throw new IllegalArgumentException("activation and init: must not be null");
    }
    NetworkBuilder b = Network.builder(layerSizes[0]).init(init);
    for (int i = 1; i < layerSizes.length; i++) {
      b.affine(layerSizes[i]);
      if (i < layerSizes.length - 1) {
        b.activation(activation);
      }
    }
    return b.build(seed);
  }
}
