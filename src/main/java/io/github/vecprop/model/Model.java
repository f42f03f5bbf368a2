package io.github.vecprop.model;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.LossKernels;
import io.github.vecprop.nn.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;

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
 *
 * <p>Shapes: an image is {@link #inputSize()} floats (784 for MNIST: 28×28 pixels, row-major);
 * a batch is {@code count × inputSize()} floats, image after image. The forward is the one a
 * {@code Network} runs (affine, the hidden activation, …, affine, softmax), in inference mode.
 */
public final class Model {

  private final ModelSpec spec;
  /** Networks of this spec in inference mode, one per concurrent caller (single-writer each). */
  private final ConcurrentLinkedQueue<Network> idle = new ConcurrentLinkedQueue<>();

  private Model(ModelSpec spec) {
    this.spec = spec;
    idle.add(network());
  }

  /** A network of the spec in inference mode. */
  private Network network() {
    Network n = spec.toNetwork();
    n.setTraining(false);
    return n;
  }

  /**
   * Loads a model file (a checkpoint's extras are validated and ignored). See {@link ModelFile}.
   *
   * @param file a {@code .vpm} file written by {@link #save} or {@link ModelFile#write}
   * @return the model
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws ModelFormatException when the file is not a valid model file of a version this
   *     library reads (one line naming the file and what was expected)
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when file is null
   */
  public static Model load(Path file) throws IOException {
    return new Model(ModelFile.readSpec(file));
  }

  /**
   * Reads a model from the bytes of a model file (format 1 or 2), as received in a message or a
   * broadcast variable.
   *
   * @param bytes the whole file
   * @return the model
   * @throws ModelFormatException one line naming "bytes" and what is wrong
   */
  public static Model fromBytes(byte[] bytes) throws ModelFormatException {
    return new Model(ModelFile.decode("model bytes", bytes).spec());
  }

  /**
   * Reads a model from a stream holding a model file, to its end (the stream is not closed).
   *
   * @param in the stream
   * @param name names the source in error messages (a URL, a resource, a key)
   * @return the model
   * @throws IOException when reading fails, or one line naming the source when the content is
   *     not a valid model file
   */
  public static Model read(java.io.InputStream in, String name) throws IOException {
    if (in == null) {
      throw new IllegalArgumentException("in: is null");
    }
    byte[] bytes = in.readNBytes(ModelFile.MAX_BYTES + 1);
    if (bytes.length > ModelFile.MAX_BYTES) {
      throw new ModelFormatException(name + ": more than " + ModelFile.MAX_BYTES
          + " bytes, larger than any vecprop model file can be");
    }
    return new Model(ModelFile.decode(name, bytes).spec());
  }

  /**
   * Loads a model file from the class path, as {@code ClassLoader.getResourceAsStream} finds it
   * (for example a file under {@code src/main/resources} packed in the application's jar).
   *
   * @param loader the class loader to search, e.g. {@code MyApp.class.getClassLoader()}
   * @param resource the resource name, e.g. "models/mnist.vpm" (no leading slash)
   * @return the model
   * @throws java.nio.file.NoSuchFileException when no such resource exists
   * @throws IOException as {@link #read}
   */
  public static Model fromClasspath(ClassLoader loader, String resource) throws IOException {
    if (loader == null || resource == null) {
      throw new IllegalArgumentException("loader and resource: must not be null");
    }
    try (java.io.InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new java.nio.file.NoSuchFileException(resource, null,
            "no such model resource on the class path");
      }
      return read(in, "classpath:" + resource);
    }
  }

  /**
   * The model file's bytes (format {@value ModelFile#VERSION}), for a message or a stream.
   *
   * @return a new array
   */
  public byte[] toBytes() {
    return ModelFile.encode(Checkpoint.of(spec));
  }

  /**
   * Writes the model file's bytes to a stream (not closed).
   *
   * @param out the stream
   * @throws IOException when writing fails
   */
  public void write(java.io.OutputStream out) throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("out: is null");
    }
    out.write(toBytes());
  }

  /**
   * A model over a spec (specs are immutable, so nothing is shared with the caller).
   *
   * @param spec the architecture and parameters, e.g. {@code Trainer.spec(network)}
   * @return the model
   * @throws IllegalArgumentException when spec is null
   */
  public static Model of(ModelSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("spec: is null");
    }
    return new Model(spec);
  }

  /**
   * Saves this model atomically (the previous file, if any, or the complete new one; never a
   * partial file). See {@link ModelFile}.
   *
   * @param file the target; its folder must exist
   * @throws IOException when the file cannot be written (the old file, if any, is kept)
   * @throws IllegalArgumentException when file is null
   */
  public void save(Path file) throws IOException {
    ModelFile.write(file, spec);
  }

  /**
   * The spec.
   *
   * @return the architecture and parameters (immutable)
   */
  public ModelSpec spec() {
    return spec;
  }

  /**
   * Values per input image.
   *
   * @return the first layer size (784 for MNIST)
   */
  public int inputSize() {
    return spec.inputSize();
  }

  /**
   * The number of classes.
   *
   * @return the last layer size (10 for MNIST)
   */
  public int classes() {
    return spec.classes();
  }

  /**
   * Classifies one image.
   *
   * @param image read: exactly {@link #inputSize()} values in [0, 1] (pixel / 255)
   * @return the predicted class and the probabilities of all classes
   * @throws IllegalArgumentException when image is null, not exactly {@link #inputSize()} long,
   *     or holds a value outside [0, 1] (or NaN)
   */
  public Prediction predict(float[] image) {
    checkImages("image", image, 1);
    return predictBatch(image, 1)[0];
  }

  /**
   * Classifies one image of raw pixels.
   *
   * @param pixels read: exactly {@link #inputSize()} unsigned bytes 0..255, scaled to [0, 1] by
   *     /255
   * @return the predicted class and the probabilities of all classes
   * @throws IllegalArgumentException when pixels is null or not exactly {@link #inputSize()}
   *     long
   */
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
   * ({@code count × inputSize()} values in [0, 1]; extra elements are ignored). Large batches
   * use {@code Kernels.setThreads} GEMM threads.
   *
   * @param images read: at least {@code count × inputSize()} values in [0, 1]
   * @param count images, at least 1
   * @return one prediction per image, in order
   * @throws IllegalArgumentException when images is null or too short, count is below 1 or so
   *     large that the scratch would not fit one array, or a value is outside [0, 1] (or NaN)
   */
  public Prediction[] predictBatch(float[] images, int count) {
    checkImages("images", images, count);
    float[] probs = forward(images, count);
    int n = classes();
    int[] labels = new int[count];
    LossKernels.argmaxRows(count, n, probs, 0, labels, 0);
    Prediction[] out = new Prediction[count];
    for (int r = 0; r < count; r++) {
      out[r] = new Prediction(labels[r], java.util.Arrays.copyOfRange(probs, r * n, (r + 1) * n));
    }
    return out;
  }

  /**
   * Writes the predicted class of each of {@code count} images to {@code labels[0..count)},
   * without building {@link Prediction} objects (for evaluation).
   *
   * @param images read: at least {@code count × inputSize()} values in [0, 1]
   * @param count images, at least 1
   * @param labels written: {@code labels[0, count)}, each in [0, classes())
   * @throws IllegalArgumentException when images or labels is null or too short, count is below
   *     1 or too large for the scratch, or a value is outside [0, 1] (or NaN)
   */
  public void classify(float[] images, int count, int[] labels) {
    checkImages("images", images, count);
    if (labels == null || labels.length < count) {
      throw new IllegalArgumentException("labels: expected at least " + count + " elements, got "
          + (labels == null ? "null" : labels.length));
    }
    LossKernels.argmaxRows(count, classes(), forward(images, count), 0, labels, 0);
  }

  /**
   * The probabilities of count rows, in a new array: the network's own forward (the one training
   * and evaluation run) in inference mode, then softmax. Each call borrows an idle network of the
   * spec (making one when every network is busy), so concurrent calls never share buffers.
   */
  private float[] forward(float[] x, int count) {
    Network net = idle.poll();
    if (net == null) {
      net = network();
    }
    try {
      int n = classes();
      float[] logits = net.predict(x, count);
      float[] probs = new float[count * n];
      LossKernels.softmaxRows(count, n, logits, 0, probs, 0);
      return probs;
    } finally {
      idle.add(net);
    }
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
