import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.model.Model;
import io.github.vecprop.model.Prediction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * What a program embedding vecprop sees from a cold JVM: load a model, classify the MNIST test
 * set one image at a time, then in one batch, then (after {@code Kernels.warmUp()}) in one batch
 * again. Run by jmh/compare/startup.sh with and without {@code --add-modules jdk.incubator.vector}.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp target/vecprop.jar:target/compare/embed-classes \
 *     EmbedProgram MODEL IMAGES_IDX LABELS_IDX
 * </pre>
 *
 * <p>Compiled ahead with javac (not run as a single-file source program, whose in-JVM compilation
 * would add to start-up). Until everything is measured it uses only java.base and System.nanoTime:
 * no java.management, no Kernels.warmUp(), no logging. The IDX files are read and split into
 * per-image arrays before the model is loaded, so the rows time vecprop only. Prints one line
 * {@code RESULT key=value ...} (times in ms unless the key says otherwise) and the kernels chosen.
 *
 * <p>{@code start_to_main_ms} comes from {@code ProcessHandle...startInstant()}, which Linux builds
 * from the boot time in whole seconds ({@code btime} in /proc/stat): it carries a fixed offset of
 * up to +1 s for the whole uptime of the machine, so only differences between runs mean anything.
 * {@code in_main_s} (first line of main to just before printing) lets the caller estimate the JVM's
 * own start as process wall time minus time in main.
 */
public final class EmbedProgram {

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    long t0Wall = System.currentTimeMillis();
    if (args.length != 3) {
      System.err.println("usage: EmbedProgram MODEL IMAGES_IDX LABELS_IDX");
      System.exit(2);
    }
    try {
      run(t0, t0Wall, Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    } catch (IOException | RuntimeException e) {
      System.err.println("EmbedProgram: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run(long t0, long t0Wall, Path modelFile, Path imagesFile, Path labelsFile)
      throws IOException {
    // --- Input, outside every measured row.
    ByteBuffer img = header(imagesFile, IMAGES_MAGIC, 16);
    int count = img.getInt(4);
    int rows = img.getInt(8);
    int cols = img.getInt(12);
    if (count < 1 || rows < 1 || cols < 1
        || (long) count * rows * cols != img.capacity() - 16L) {
      throw new IOException(imagesFile + ": header says " + count + " images of " + rows + "x"
          + cols + " but the file has " + (img.capacity() - 16L) + " bytes after the header");
    }
    ByteBuffer lab = header(labelsFile, LABELS_MAGIC, 8);
    int labelCount = lab.getInt(4);
    if (labelCount != lab.capacity() - 8L) {
      throw new IOException(labelsFile + ": header says " + labelCount + " labels but the file has "
          + (lab.capacity() - 8L) + " bytes after the header");
    }
    if (labelCount != count) {
      throw new IOException(labelsFile + ": " + labelCount + " labels for " + count + " images in "
          + imagesFile);
    }
    int features = rows * cols;
    int n = Math.min(count, 10_000);
    byte[][] pixels = new byte[n][features];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      img.get(16 + i * features, pixels[i]);
      labels[i] = lab.get(8 + i) & 0xFF;
    }
    // The same conversion as Model.predict(byte[]); done before the batch rows, not timed.
    float[] floats = new float[n * features];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < features; j++) {
        floats[i * features + j] = (pixels[i][j] & 0xFF) * (1f / 255f);
      }
    }
    long tInput = System.nanoTime();

    // --- Row 1: load + first prediction.
    Model model = Model.load(modelFile);
    if (model.inputSize() != features) {
      throw new IOException(modelFile + ": the model takes " + model.inputSize()
          + " inputs, the images have " + features + " pixels");
    }
    Prediction first = model.predict(pixels[0]);
    long tFirst = System.nanoTime();

    // --- Row 2: n single predictions, each call timed on its own.
    long[] each = new long[n];
    int[] predicted = new int[n];
    long tSingle0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long a = System.nanoTime();
      Prediction p = model.predict(pixels[i]);
      each[i] = System.nanoTime() - a;
      predicted[i] = p.label();
    }
    long tSingle1 = System.nanoTime();
    int okSingle = correct(predicted, labels);

    // --- Row 3: one batch of n, after the single predictions.
    long tBatch0 = System.nanoTime();
    Prediction[] batch = model.predictBatch(floats, n);
    long tBatch1 = System.nanoTime();
    int okBatch = correct(batch, labels);

    // --- Warm-up, then row 4: the same batch once warm.
    long tWarm0 = System.nanoTime();
    Kernels.warmUp();
    long tWarm1 = System.nanoTime();
    Prediction[] warm = model.predictBatch(floats, n);
    long tWarmBatch = System.nanoTime();
    int okWarm = correct(warm, labels);

    // --- Everything measured; now the slower, reporting-only calls.
    long[] sorted = each.clone();
    Arrays.sort(sorted);
    long startToMain = ProcessHandle.current().info().startInstant()
        .map(s -> Duration.between(s, Instant.ofEpochMilli(t0Wall)).toMillis()).orElse(-1L);
    long tEnd = System.nanoTime();
    System.out.println(String.format(Locale.ROOT,
        "RESULT first_ms=%.1f single_ms=%.1f single_p50_us=%.1f single_p99_us=%.1f"
            + " batch_ms=%.1f warmup_s=%.3f warm_batch_ms=%.1f acc=%.4f"
            + " acc_batch=%.4f acc_warm=%.4f images=%d input_ms=%.1f main_to_warm_s=%.3f"
            + " in_main_s=%.3f start_to_main_ms=%d first_label=%d/%d",
        ms(tFirst - tInput), ms(tSingle1 - tSingle0), percentile(sorted, 0.50) / 1e3,
        percentile(sorted, 0.99) / 1e3, ms(tBatch1 - tBatch0), (tWarm1 - tWarm0) / 1e9,
        ms(tWarmBatch - tWarm1), okSingle / (double) n, okBatch / (double) n,
        okWarm / (double) n, n, ms(tInput - t0), (tWarmBatch - t0) / 1e9, (tEnd - t0) / 1e9,
        startToMain,
        first.label(), labels[0]));
    System.out.println("kernels " + Kernels.implementation() + " (" + Kernels.selectionReason()
        + ")");
  }

  /** The whole file (gunzipped when it starts with the gzip magic), magic and size checked. */
  private static ByteBuffer header(Path file, int magic, int headerBytes) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
      if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
    } catch (IOException e) {
      throw new IOException(file + ": cannot read (" + e + ")", e);
    }
    if (bytes.length < headerBytes) {
      throw new IOException(file + ": " + bytes.length + " bytes, shorter than an IDX header");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes); // big-endian
    int m = b.getInt(0);
    if (m != magic) {
      throw new IOException(String.format(Locale.ROOT,
          "%s: magic 0x%08x, expected 0x%08x (%s IDX file)", file, m, magic,
          magic == IMAGES_MAGIC ? "an image" : "a label"));
    }
    return b;
  }

  private static int correct(int[] predicted, int[] labels) {
    int ok = 0;
    for (int i = 0; i < predicted.length; i++) {
      ok += predicted[i] == labels[i] ? 1 : 0;
    }
    return ok;
  }

  private static int correct(Prediction[] predicted, int[] labels) {
    int ok = 0;
    for (int i = 0; i < predicted.length; i++) {
      ok += predicted[i].label() == labels[i] ? 1 : 0;
    }
    return ok;
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
