package io.github.vecprop.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Stacks layers in any order into a {@link Network} that ends in {@link SoftmaxWithLoss}; from
 * {@link Network#builder(int)}.
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
 * the last layer's output); the last layer's width is the number of classes. Names are numbered
 * per kind in order: Affine1 with W1 and b1, Affine2 …; Relu1 …; BatchNorm1 with gamma1 and
 * beta1; Dropout1 …. {@link #build(long)} draws every Affine's weights, in layer order, from one
 * generator seeded with the seed (biases start at zero), each with the initialisation in force
 * when it was added; Dropout masks come from generators seeded from the same seed and the
 * layer's position, so the weights do not depend on whether a network has dropout. A builder
 * builds once.
 */
public final class NetworkBuilder {
  private final int inputSize;
  private final List<IntFunction<Layer>> pending = new ArrayList<>();
  private final List<WeightInit> inits = new ArrayList<>();
  private final int[] counts = new int[6];
  private int width;
  private WeightInit init = WeightInit.gaussian();
  private float weightDecay;
  private boolean built;
  /** The generator of the weights while {@link #build} runs. */
  private SplittableRandom random;
  private long seed;

  NetworkBuilder(int inputSize) {
    if (inputSize <= 0) {
      throw new IllegalArgumentException("inputSize: must be positive, got " + inputSize);
    }
    this.inputSize = inputSize;
    this.width = inputSize;
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
    width = outputs;
    return this;
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
    width = layer.outputSize();
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
    return new Network(new LayerStack(layers), inits.isEmpty() ? init : inits.get(0), seed,
        weightDecay);
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
