package io.github.vecprop.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * MNIST (or any set in MNIST's format and file names: Fashion-MNIST, KMNIST…) loaded from a
 * folder: a training and a test {@link Dataset}, 10 classes.
 *
 * <p><b>Files.</b> The folder holds {@value #TRAIN_IMAGES}, {@value #TRAIN_LABELS},
 * {@value #TEST_IMAGES} and {@value #TEST_LABELS}, each raw or with {@code .gz} appended (the
 * content decides whether it is compressed; the name only where to look). The variant with a dot,
 * {@code train-images.idx3-ubyte}, is accepted too. When both a raw and a {@code .gz} file exist,
 * the raw one is used.
 *
 * <p><b>Verification.</b> The IDX structure is always validated in full (see {@link Idx}); the
 * SHA-256 of each file's decompressed content is always computed while reading (no second pass;
 * on a second thread as the bytes arrive, so that hashing and reading overlap) and
 * reported by {@link #canonical()}. Only {@code load(dir, true)} turns a mismatch with the
 * published MNIST digests ({@link #SHA256}) into a {@link ChecksumException}.
 *
 * <p><b>The CLI's {@code --data DIR}</b> should call {@code load(dir, false)}: a folder the user
 * names may hold another set in MNIST format, which is validated but not rejected; {@code load}
 * logs at DEBUG level whether the content is canonical MNIST (at INFO, the JDK's default, the
 * logging system's start-up alone cost a training job's first step 50 ms), and the CLI offers
 * {@code --verify} for {@code load(dir, true)}. Without {@code --data} the CLI gets MNIST through
 * {@link MnistFetcher}, whose cache is always verified.
 *
 * <p>A loaded {@code Mnist} is immutable (its data sets are too) and safe to share between
 * threads.
 */
public final class Mnist {

  /** File name of the training images (60000 × 28 × 28). */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  /** File name of the training labels. */
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  /** File name of the test images (10000 × 28 × 28). */
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  /** File name of the test labels. */
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
  /** Number of classes: the digits 0..9. */
  public static final int CLASSES = 10;

  /** The four file names, in the order train images, train labels, test images, test labels. */
  public static final List<String> FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /** SHA-256 (lower-case hex) of each file's decompressed content, by file name. */
  public static final Map<String, String> SHA256 = Map.of(
      TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
      TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
      TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
      TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  private static final System.Logger LOG = System.getLogger(Mnist.class.getName());

  private final Dataset train;
  private final Dataset test;
  private final Map<String, String> digests;

  private Mnist(Dataset train, Dataset test, Map<String, String> digests) {
    this.train = train;
    this.test = test;
    this.digests = digests;
  }

  /**
   * Loads the four files from {@code dir} without demanding the MNIST checksums (structure is
   * validated in full). Same as {@code load(dir, false)}.
   *
   * @param dir the folder holding the four files
   * @return the training and test sets
   * @throws IOException as {@link #load(Path, boolean)}
   */
  public static Mnist load(Path dir) throws IOException {
    return load(dir, false);
  }

  /**
   * Loads the four files from {@code dir}.
   *
   * @param dir the folder holding the four files
   * @param verify when true, each file's decompressed SHA-256 must equal {@link #SHA256}
   * @return the training and test sets
   * @throws NoSuchFileException naming the folder and the missing file
   * @throws IdxFormatException a file is not valid IDX, or the sets disagree in shape
   * @throws ChecksumException {@code verify} and a digest differs
   * @throws IOException when a file cannot be read
   * @throws IllegalArgumentException when dir is null
   */
  public static Mnist load(Path dir, boolean verify) throws IOException {
    if (dir == null) {
      throw new IllegalArgumentException("dir: is null");
    }
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null,
          "expected a folder holding the four MNIST files");
    }
    return load(dir, verify, null);
  }

  /**
   * Loads the four files; with {@code known} (digests a full check recorded, see
   * {@link MnistFetcher#loadVerifiedBefore}) nothing is hashed and those digests are reported.
   */
  static Mnist load(Path dir, boolean verify, Map<String, String> known) throws IOException {
    Map<String, String> digests = new LinkedHashMap<>();
    Dataset train = loadPair(dir, TRAIN_IMAGES, TRAIN_LABELS, verify, digests, known);
    Dataset test = loadPair(dir, TEST_IMAGES, TEST_LABELS, verify, digests, known);
    if (train.features() != test.features()) {
      throw new IdxFormatException(dir + ": training images have " + train.features()
          + " pixels but test images " + test.features() + ", expected the same shape");
    }
    Mnist m = new Mnist(train, test, Map.copyOf(digests));
    LOG.log(System.Logger.Level.DEBUG, "loaded {0}: {1} training and {2} test images{3}", dir,
        train.size(), test.size(), m.canonical() ? " (verified MNIST)" : " (not canonical MNIST)");
    return m;
  }

  private static Dataset loadPair(Path dir, String imagesName, String labelsName, boolean verify,
      Map<String, String> digests, Map<String, String> known) throws IOException {
    Path imagesFile = locate(dir, imagesName);
    Path labelsFile = locate(dir, labelsName);
    IdxImages images;
    IdxLabels labels;
    if (known != null) {
      images = Idx.readImages(imagesFile);
      labels = Idx.readLabels(labelsFile, CLASSES);
      digests.put(imagesName, known.get(imagesName));
      digests.put(labelsName, known.get(labelsName));
    } else {
      MessageDigest md = sha256();
      images = Idx.readImages(imagesFile, md);
      digests.put(imagesName, check(imagesFile, imagesName, md, verify));
      md = sha256();
      labels = Idx.readLabels(labelsFile, CLASSES, md);
      digests.put(labelsName, check(labelsFile, labelsName, md, verify));
    }
    if (images.count() != labels.count()) {
      throw new IdxFormatException(labelsFile + ": holds " + labels.count() + " labels but "
          + imagesFile.getFileName() + " holds " + images.count() + " images, expected equal counts");
    }
    return Dataset.of(images, labels, CLASSES);
  }

  private static String check(Path file, String name, MessageDigest md, boolean verify)
      throws ChecksumException {
    String actual = HexFormat.of().formatHex(md.digest());
    String expected = SHA256.get(name);
    if (verify && !actual.equals(expected)) {
      throw new ChecksumException(file + ": SHA-256 of the decompressed content is " + actual
          + ", expected " + expected + " (" + name + ")");
    }
    return actual;
  }

  /**
   * The file that holds {@code name} in {@code dir}: the first of {@code name},
   * {@code name.gz}, and the same with the dot variant ({@code train-images.idx3-ubyte}).
   *
   * @param dir the folder
   * @param name one of {@link #FILES}
   * @return the first of those that is a regular file
   * @throws NoSuchFileException naming the folder and the file expected
   */
  public static Path locate(Path dir, String name) throws NoSuchFileException {
    String dotted = name.replace("-idx", ".idx");
    for (String candidate : new String[] {name, name + ".gz", dotted, dotted + ".gz"}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new NoSuchFileException(dir.toString(), null,
        "expected " + name + " or " + name + ".gz in this folder");
  }

  /**
   * The SHA-256 of a file's content, decompressed first when it is gzip (by content, not name).
   *
   * @param file the file
   * @return 64 lower-case hex digits
   * @throws IdxFormatException when the file is gzip but corrupt
   * @throws IOException when the file cannot be read
   */
  public static String sha256OfContent(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) >= 0; ) {
          md.update(buf, 0, r);
        }
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw new IdxFormatException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * The training set.
   *
   * @return 60000 images for MNIST
   */
  public Dataset train() {
    return train;
  }

  /**
   * The test set.
   *
   * @return 10000 images for MNIST
   */
  public Dataset test() {
    return test;
  }

  /**
   * The digests computed while reading.
   *
   * @return SHA-256 (hex) of each file's decompressed content, by the names of {@link #FILES}
   *     (unmodifiable)
   */
  public Map<String, String> digests() {
    return digests;
  }

  /**
   * Whether the data is the published MNIST.
   *
   * @return true when all four files are, byte for byte after decompression, the published
   *     MNIST ({@link #SHA256})
   */
  public boolean canonical() {
    for (String name : FILES) {
      if (!SHA256.get(name).equals(digests.get(name))) {
        return false;
      }
    }
    return true;
  }
}
