package io.github.vecprop.model;

import io.github.vecprop.kernel.Kernels;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained network ready to classify: the embedding API.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("mnist.vecprop"));
 * Prediction p = model.predict(pixels);   // byte[784], 0..255
 * System.out.println(p.label() + " " + p.confidence());
 * }</pre>
 *
 * <p>Works in one jar with no JVM flags: with the Vector API module added (see {@code Kernels}) the
 * kernels use SIMD, without it the scalar twin (same results up to float rounding).
 *
 * <p><b>Thread safety.</b> A Model is immutable: the weights are private copies never written
 * after construction, and every call allocates its own small scratch buffers, so one instance may
 * serve any number of threads at once.
 *
 * <p>Inputs are validated: a null array, a wrong length, or a value that is NaN, infinite or
 * outside [0, 1] throws {@link IllegalArgumentException} naming the argument (raw 0..255 pixels
 * go to {@link #predict(byte[])}).
 */
public final class Model {

  private final ModelSpec spec;
  private final int[] sizes;
  private final float[][] params;
  private final boolean relu;
  private final int widest;

  private Model(ModelSpec spec) {
    this.spec = spec;
    this.sizes = spec.sizesView();
    this.params = spec.paramsView();
    this.relu = spec.activation().equals("relu");
    int w = 0;
    for (int i = 1; i < sizes.length; i++) {
      w = Math.max(w, sizes[i]);
    }
    this.widest = w;
  }

  /** Loads a model file (a checkpoint's extras are ignored). See {@link ModelFile}. */
  public static Model load(Path file) throws IOException {
    return new Model(ModelFile.readSpec(file));
  }

  /** A model over a spec (specs are immutable, so nothing is shared with the caller). */
  public static Model of(ModelSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("spec: is null");
    }
    return new Model(spec);
  }

  /** Saves this model atomically. See {@link ModelFile}. */
  public void save(Path file) throws IOException {
    ModelFile.write(file, spec);
  }

  /** The spec (architecture and parameters). */
  public ModelSpec spec() {
    return spec;
  }

  /** Values per input image (784 for MNIST). */
  public int inputSize() {
    return sizes[0];
  }

  /** Number of classes (10 for MNIST). */
  public int classes() {
    return sizes[sizes.length - 1];
  }

  /** Classifies one image of {@link #inputSize()} values in [0, 1]. */
  public Prediction predict(float[] image) {
    checkImages("image", image, 1);
    return predictBatch(image, 1)[0];
  }

  /** Classifies one image of {@link #inputSize()} raw pixels, unsigned bytes 0..255. */
  public Prediction predict(byte[] pixels) {
    if (pixels == null) {
      throw new IllegalArgumentException("pixels: is null");
    }
    if (pixels.length != inputSize()) {
      throw new IllegalArgumentException("pixels: expected " + inputSize() + " bytes, got "
          + pixels.length);
    }
    float[] x = new float[inputSize()];
    Kernels.unsignedBytesToUnit(x.length, pixels, 0, x, 0);
    return predictBatch(x, 1)[0];
  }

  /**
   * Classifies {@code count} images stored one after another in {@code images}
   * ({@code count × inputSize()} values in [0, 1]; extra elements are ignored).
   */
  public Prediction[] predictBatch(float[] images, int count) {
    checkImages("images", images, count);
    float[] probs = forward(images, count);
    int n = classes();
    int[] labels = new int[count];
    Kernels.argmaxRows(count, n, probs, 0, labels, 0);
    Prediction[] out = new Prediction[count];
    for (int r = 0; r < count; r++) {
      out[r] = new Prediction(labels[r], java.util.Arrays.copyOfRange(probs, r * n, (r + 1) * n));
    }
    return out;
  }

  /**
   * Writes the predicted class of each of {@code count} images to {@code labels[0..count)},
   * without building {@link Prediction} objects (for evaluation).
   */
  public void classify(float[] images, int count, int[] labels) {
    checkImages("images", images, count);
    if (labels == null || labels.length < count) {
      throw new IllegalArgumentException("labels: expected at least " + count + " elements, got "
          + (labels == null ? "null" : labels.length));
    }
    Kernels.argmaxRows(count, classes(), forward(images, count), 0, labels, 0);
  }

  /** Softmax probabilities, count × classes; scratch is per call. */
  private float[] forward(float[] x, int count) {
    if ((long) count * widest > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("count: " + count + " images at once need more scratch"
          + " than one array holds; split the batch");
    }
    float[] a = new float[count * widest];
    float[] b = new float[count * widest];
    float[] in = x;
    int layers = sizes.length - 1;
    for (int l = 0; l < layers; l++) {
      int k = sizes[l];
      int n = sizes[l + 1];
      float[] out = (l % 2 == 0) ? a : b;
      Kernels.gemm(count, n, k, in, 0, params[2 * l], 0, out, 0, false);
      Kernels.addRowVector(count, n, out, 0, params[2 * l + 1], 0);
      if (l < layers - 1) {
        if (relu) {
          Kernels.relu(count * n, out, 0, out, 0);
        } else {
          Kernels.sigmoid(count * n, out, 0, out, 0);
        }
      } else {
        Kernels.softmaxRows(count, n, out, 0, out, 0);
      }
      in = out;
    }
    return in;
  }

  private void checkImages(String name, float[] images, int count) {
    if (images == null) {
      throw new IllegalArgumentException(name + ": is null");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count: expected at least 1, got " + count);
    }
    long need = (long) count * inputSize();
    if (count == 1 && name.equals("image") ? images.length != need : images.length < need) {
      throw new IllegalArgumentException(name + ": expected " + need + " values ("
          + count + " × " + inputSize() + "), got " + images.length);
    }
    for (int i = 0; i < need; i++) {
      float v = images[i];
      if (!(v >= 0f && v <= 1f)) {
        throw new IllegalArgumentException(name + "[" + i + "]: is " + v
            + ", expected a value in [0, 1] (use predict(byte[]) for raw 0..255 pixels)");
      }
    }
  }

  @Override
  public String toString() {
    return "Model[" + spec + "]";
  }
}
