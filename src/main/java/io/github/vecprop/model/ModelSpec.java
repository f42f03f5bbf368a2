package io.github.vecprop.model;

import io.github.vecprop.nn.Activation;
import io.github.vecprop.kernel.Window;
import io.github.vecprop.nn.Affine;
import io.github.vecprop.nn.BatchNorm;
import io.github.vecprop.nn.Convolution;
import io.github.vecprop.nn.Dropout;
import io.github.vecprop.nn.Layer;
import io.github.vecprop.nn.LayerKind;
import io.github.vecprop.nn.MaxPooling;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.NetworkBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as data: the input size and a stack of {@link LayerSpec}s (kind, shape,
 * hyper-parameters, parameters and state), ending in the classes; softmax follows the last layer.
 *
 * <p>Two ways to make one: {@link #of(int, List)} for any stack (or {@link #of(Network)} from a
 * trained network), and the fully connected shorthand
 * {@link #ModelSpec(int[], String, float[][])} — {@code layerSizes = {784, 50, 10}} is input →
 * hidden → output with W(i+1) of {@code layerSizes[i] × layerSizes[i+1]} (row-major, h = x·W +
 * b), the activation after every affine map but the last, {@code params} W1, b1, W2, b2, … —
 * which is what model files of format version 1 hold.
 *
 * <p>Validated on construction ({@link IllegalArgumentException} naming the component); the
 * arrays are copied in and out, so a spec is immutable and safe to share between threads.
 */
public final class ModelSpec {

  /** At most this many layer sizes in the fully connected form (and 4× as many layers). */
  public static final int MAX_LAYERS = 64;
  /** The largest layer width. */
  public static final int MAX_LAYER_SIZE = 1 << 20;
  /** The largest parameter array. */
  public static final long MAX_PARAM = Integer.MAX_VALUE - 8;
  /** At most this many layers in a stack. */
  public static final int MAX_STACK = 4 * MAX_LAYERS;

  private final int inputSize;
  private final int[] inputShape;
  private final List<LayerSpec> layers;
  private final float[][] params;

  /**
   * The fully connected shorthand (see the class comment).
   *
   * @param layerSizes input size, hidden sizes…, number of classes
   * @param activation "relu", "sigmoid" or "tanh"
   * @param params W1, b1, W2, b2, … (row-major weights)
   * @throws IllegalArgumentException naming the component that is wrong
   */
  public ModelSpec(int[] layerSizes, String activation, float[][] params) {
    this(mlp(layerSizes, activation, params));
  }

  private ModelSpec(List<LayerSpec> stack) {
    this(new int[] {stack.get(0).inputSize()}, stack);
  }

  private ModelSpec(int[] inputShape, List<LayerSpec> layers) {
    if (layers == null || layers.isEmpty() || layers.size() > MAX_STACK) {
      throw new IllegalArgumentException("layers: expected 1.." + MAX_STACK + " layers, got "
          + (layers == null ? "null" : layers.size()));
    }
    int inputSize = 1;
    for (int d : inputShape) {
      inputSize *= d;
    }
    int width = inputSize;
    int[] shape = inputShape.clone();
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec l = layers.get(i);
      if (l == null) {
        throw new IllegalArgumentException("layers[" + i + "]: is null");
      }
      if (l.inputSize() != width) {
        throw new IllegalArgumentException("layers[" + i + "] " + l + ": takes " + l.inputSize()
            + " inputs, but the width there is " + width);
      }
      shape = nextShape(i, l, shape);
      width = l.outputSize();
    }
    this.inputSize = inputSize;
    this.inputShape = inputShape.clone();
    this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
    List<float[]> ps = new ArrayList<>();
    for (LayerSpec l : layers) {
      int k = 0;
      for (float[] a : l.arrays().values()) {
        if (k++ < l.parameterArrays()) {
          ps.add(a);
        }
      }
    }
    this.params = ps.toArray(new float[0][]);
  }

  /**
   * Any stack of layers.
   *
   * @param inputSize floats per input row
   * @param layers the layers in order; the first takes inputSize floats, the last gives the
   *     classes
   * @return the spec
   * @throws IllegalArgumentException when the widths do not chain or the list is empty
   */
  public static ModelSpec of(int inputSize, List<LayerSpec> layers) {
    return of(new int[] {inputSize}, layers);
  }

  /**
   * Any stack of layers over samples of the given shape ([C, H, W] for images, which conv and
   * pool layers need; [n] for flat rows).
   *
   * @param inputShape the sample shape, 1 to 4 positive sizes whose product is at most
   *     {@link #MAX_LAYER_SIZE}
   * @param layers the layers in order
   * @return the spec
   * @throws IllegalArgumentException when the shape is bad, the widths do not chain, a conv or
   *     pool layer's C×H×W is not the shape there, or the list is empty
   */
  public static ModelSpec of(int[] inputShape, List<LayerSpec> layers) {
    if (inputShape == null || inputShape.length < 1 || inputShape.length > 4) {
      throw new IllegalArgumentException("input shape: expected 1..4 sizes, got "
          + Arrays.toString(inputShape));
    }
    long size = 1;
    for (int d : inputShape) {
      if (d < 1) {
        throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape)
            + ": sizes must be positive");
      }
      size *= d;
      if (size > MAX_LAYER_SIZE) {
        throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape)
            + ": expected at most " + MAX_LAYER_SIZE + " floats");
      }
    }
    return new ModelSpec(inputShape, layers);
  }

  /** The sample shape after layer i, checking a conv or pool layer against the shape there. */
  private static int[] nextShape(int i, LayerSpec l, int[] shape) {
    switch (l.kind()) {
      case CONV, POOL -> {
        int[] s = l.shape();
        if (shape.length != 3 || shape[0] != s[0] || shape[1] != s[1] || shape[2] != s[2]) {
          throw new IllegalArgumentException("layers[" + i + "] " + l + ": takes images of "
              + s[0] + "×" + s[1] + "×" + s[2] + ", but the shape there is "
              + Arrays.toString(shape));
        }
        var g = l.window();
        return new int[] {l.kind() == LayerKind.CONV ? s[3] : s[0], g.outHeight(),
            g.outWidth()};
      }
      case AFFINE -> {
        return new int[] {l.outputSize()};
      }
      default -> {
        return shape;
      }
    }
  }

  private static List<LayerSpec> mlp(int[] layerSizes, String activation, float[][] params) {
    validateArchitecture(layerSizes, activation);
    if (params == null) {
      throw new IllegalArgumentException("params: is null");
    }
    int expected = 2 * (layerSizes.length - 1);
    if (params.length != expected) {
      throw new IllegalArgumentException("params: expected " + expected + " arrays (W1, b1, …) for "
          + layerSizes.length + " layer sizes, got " + params.length);
    }
    for (int i = 0; i < params.length; i++) {
      String name = paramName(i);
      long len = paramLength(layerSizes, i);
      if (params[i] == null) {
        throw new IllegalArgumentException("params: " + name + " is null");
      }
      if (params[i].length != len) {
        throw new IllegalArgumentException("params: " + name + " has " + params[i].length
            + " elements, expected " + shape(layerSizes, i) + " = " + len);
      }
      checkFinite("params: " + name, params[i]);
    }
    LayerKind act = LayerKind.of(activation);
    List<LayerSpec> out = new ArrayList<>();
    for (int l = 0; l + 1 < layerSizes.length; l++) {
      Map<String, float[]> a = new LinkedHashMap<>();
      a.put("W", params[2 * l]);
      a.put("b", params[2 * l + 1]);
      out.add(new LayerSpec(LayerKind.AFFINE, new int[] {layerSizes[l], layerSizes[l + 1]}, null,
          a));
      if (l + 2 < layerSizes.length) {
        out.add(new LayerSpec(act, new int[] {layerSizes[l + 1]}, null, null));
      }
    }
    return out;
  }

  static void validateArchitecture(int[] layerSizes, String activation) {
    if (layerSizes == null) {
      throw new IllegalArgumentException("layerSizes: is null");
    }
    if (layerSizes.length < 2 || layerSizes.length > MAX_LAYERS) {
      throw new IllegalArgumentException("layerSizes: expected 2.." + MAX_LAYERS
          + " sizes (input, hidden…, classes), got " + layerSizes.length);
    }
    for (int i = 0; i < layerSizes.length; i++) {
      if (layerSizes[i] < 1 || layerSizes[i] > MAX_LAYER_SIZE) {
        throw new IllegalArgumentException("layerSizes[" + i + "]: expected 1.." + MAX_LAYER_SIZE
            + ", got " + layerSizes[i]);
      }
      if (i > 0 && (long) layerSizes[i - 1] * layerSizes[i] > MAX_PARAM) {
        throw new IllegalArgumentException("layerSizes[" + i + "]: W" + i + " of "
            + layerSizes[i - 1] + "×" + layerSizes[i] + " is larger than a Java array");
      }
    }
    boolean known = false;
    for (Activation a : Activation.values()) {
      known |= a.id().equals(activation);
    }
    if (!known) {
      throw new IllegalArgumentException("activation: expected \"relu\", \"sigmoid\" or"
          + " \"tanh\", got " + (activation == null ? "null" : "\"" + activation + "\""));
    }
  }

  /**
   * The spec of a network's current layers, parameters and state (BatchNorm's running
   * statistics).
   *
   * @param net a network of vecprop's layers
   * @return a spec holding copies
   * @throws IllegalArgumentException naming a layer of a class a model file cannot hold
   */
  public static ModelSpec of(Network net) {
    List<LayerSpec> out = new ArrayList<>();
    for (Layer l : net.layers()) {
      LayerKind k = LayerKind.of(l);
      if (k == null) {
        throw new IllegalArgumentException("layer " + l.name() + " (" + l.getClass().getName()
            + "): a model file holds only vecprop's layers (" + Arrays.toString(
            LayerKind.values()).toLowerCase(java.util.Locale.ROOT) + ")");
      }
      Map<String, float[]> a = new LinkedHashMap<>();
      float[] hyper = null;
      int[] shape = {l.inputSize()};
      if (l instanceof Affine f) {
        shape = new int[] {f.inputSize(), f.outputSize()};
        a.put("W", f.weight().value());
        a.put("b", f.bias().value());
      } else if (l instanceof BatchNorm b) {
        hyper = new float[] {BatchNorm.MOMENTUM, BatchNorm.EPSILON};
        a.put("gamma", b.gamma().value());
        a.put("beta", b.beta().value());
        a.put("running_mean", b.runningMean());
        a.put("running_var", b.runningVariance());
      } else if (l instanceof Dropout d) {
        hyper = new float[] {d.ratio()};
      } else if (l instanceof Convolution c) {
        Window g = c.window();
        shape = new int[] {g.channels(), g.height(), g.width(), c.filters(), g.kernelHeight(),
            g.kernelWidth()};
        hyper = new float[] {g.stride(), g.pad()};
        a.put("W", c.weight().value());
        a.put("b", c.bias().value());
      } else if (l instanceof MaxPooling p) {
        Window g = p.window();
        shape = new int[] {g.channels(), g.height(), g.width(), g.kernelHeight(),
            g.kernelWidth()};
        hyper = new float[] {g.stride(), g.pad()};
      }
      out.add(new LayerSpec(k, shape, hyper, a));
    }
    return of(net.inputShape(), out);
  }

  /**
   * A new network of these layers holding these parameters and state, in training mode.
   *
   * @param seed seeds its Dropout masks
   * @return the network
   */
  public Network toNetwork(long seed) {
    NetworkBuilder b = inputShape.length == 3
        ? Network.builder(inputShape[0], inputShape[1], inputShape[2])
        : Network.builder(inputSize);
    for (LayerSpec l : layers) {
      switch (l.kind()) {
        case CONV -> {
          Window g = l.window();
          b.conv(l.shape()[3], g.kernelHeight(), g.kernelWidth(), g.stride(), g.pad());
        }
        case POOL -> {
          Window g = l.window();
          b.pool(g.kernelHeight(), g.kernelWidth(), g.stride(), g.pad());
        }
        case AFFINE -> b.affine(l.outputSize());
        case RELU, SIGMOID, TANH -> b.activation(Activation.of(l.kind().id()));
        case BATCHNORM -> {
          float[] h = l.hyper();
          if (h[0] != BatchNorm.MOMENTUM || h[1] != BatchNorm.EPSILON) {
            throw new IllegalArgumentException("batchnorm: momentum " + h[0] + " and epsilon "
                + h[1] + " are not supported, expected " + BatchNorm.MOMENTUM + " and "
                + BatchNorm.EPSILON);
          }
          b.batchNorm();
        }
        case DROPOUT -> b.dropout(l.hyper()[0]);
        default -> throw new AssertionError(l.kind());
      }
    }
    Network net = b.build(seed);
    net.loadParameters(params);
    int i = 0;
    for (Layer l : net.layers()) {
      LayerSpec s = layers.get(i++);
      if (l instanceof BatchNorm bn) {
        System.arraycopy(s.view("running_mean"), 0, bn.runningMean(), 0, bn.inputSize());
        System.arraycopy(s.view("running_var"), 0, bn.runningVariance(), 0, bn.inputSize());
      }
    }
    return net;
  }

  /**
   * {@link #toNetwork(long)} with {@link Network#DEFAULT_SEED}.
   *
   * @return the network
   */
  public Network toNetwork() {
    return toNetwork(Network.DEFAULT_SEED);
  }

  /**
   * The name of the i-th array of the fully connected form.
   *
   * @param i index into params
   * @return "W1", "b1", "W2", …
   */
  public static String paramName(int i) {
    return (i % 2 == 0 ? "W" : "b") + (i / 2 + 1);
  }

  static long paramLength(int[] sizes, int i) {
    int l = i / 2;
    return i % 2 == 0 ? (long) sizes[l] * sizes[l + 1] : sizes[l + 1];
  }

  private static String shape(int[] sizes, int i) {
    int l = i / 2;
    return i % 2 == 0 ? sizes[l] + "×" + sizes[l + 1] : String.valueOf(sizes[l + 1]);
  }

  static void checkFinite(String what, float[] a) {
    for (int j = 0; j < a.length; j++) {
      if (!Float.isFinite(a[j])) {
        throw new IllegalArgumentException(what + "[" + j + "] is " + a[j]
            + ", expected a finite value");
      }
    }
  }

  /**
   * The layers.
   *
   * @return an unmodifiable list
   */
  public List<LayerSpec> layers() {
    return layers;
  }

  /**
   * The widths around the Affine layers.
   *
   * @return the input size, then each Affine's output size (for the fully connected form, the
   *     layer sizes)
   */
  public int[] layerSizes() {
    List<Integer> w = new ArrayList<>();
    w.add(inputSize);
    for (LayerSpec l : layers) {
      if (l.kind() == LayerKind.AFFINE) {
        w.add(l.outputSize());
      }
    }
    return w.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The first activation's id.
   *
   * @return "relu", "sigmoid", "tanh", or "none" when the stack has no activation
   */
  public String activation() {
    for (LayerSpec l : layers) {
      if (l.kind() == LayerKind.RELU || l.kind() == LayerKind.SIGMOID
          || l.kind() == LayerKind.TANH) {
        return l.kind().id();
      }
    }
    return "none";
  }

  /**
   * Copies of the trainable parameters in layer order (W1, b1, …; γ and β of a BatchNorm where
   * it stands): the order of {@link Network#parameters()}.
   *
   * @return copies
   */
  public float[][] params() {
    float[][] c = new float[params.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = params[i].clone();
    }
    return c;
  }

  /**
   * A copy of one parameter array.
   *
   * @param i index into {@link #params()}
   * @return a copy
   */
  public float[] param(int i) {
    return params[i].clone();
  }

  /**
   * Floats per input row.
   *
   * @return the input size
   */
  public int inputSize() {
    return inputSize;
  }

  /**
   * The shape of one input sample.
   *
   * @return a copy: [C, H, W] for image models, [inputSize] for flat rows
   */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * The number of classes.
   *
   * @return the last layer's width
   */
  public int classes() {
    return layers.get(layers.size() - 1).outputSize();
  }

  /**
   * The number of trainable parameters.
   *
   * @return the total length of {@link #params()}
   */
  public long parameterCount() {
    long n = 0;
    for (float[] p : params) {
      n += p.length;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec s && Arrays.equals(inputShape, s.inputShape)
        && layers.equals(s.layers);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(inputShape) + layers.hashCode();
  }

  @Override
  public String toString() {
    return "ModelSpec" + Arrays.toString(inputShape) + "→" + layers + ", " + parameterCount() + " parameters";
  }
}
