package io.github.vecprop.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The vecprop model file: save and load a {@link ModelSpec}, optionally with a trainer's extra
 * arrays and counters ({@link Checkpoint}), atomically and verified.
 *
 * <h2>Layout, format version 2 (written since 0.2.0)</h2>
 * All integers and floats are little-endian. Offsets in bytes.
 * <pre>
 * offset      size  field
 * 0           8     magic: "VECPROP" and a zero byte (56 45 43 50 52 4F 50 00)
 * 8           4     u32 format version = 2
 * 12          4     u32 flags = 0 (reserved; any other value is rejected)
 * 16          8     u64 total file length in bytes, this header and the CRC included
 * 24          1     u8 R, rank of the input shape, 1..4
 * 25          4·R   u32 dimensions, each 1..2^20, their product the input size (≤ 2^20)
 * 25+4R       2     u16 L, number of layers, 1..256; then L times:
 *                     u8 T (1..32), T bytes ASCII kind: affine relu sigmoid tanh batchnorm dropout
 *                     u8 S (0..8), S × u32 sizes (affine: in, out; the others: n)
 *                     u8 H (0..8), H × f32 hyper-parameters (batchnorm: momentum, ε; dropout: p)
 *                     u8 A (0..8), A times: u8 N (1..32), N bytes ASCII name, u32 K, K × f32
 *                       (affine: W in×out row-major, b; batchnorm: gamma, beta, running_mean,
 *                       running_var); all finite
 * …           4     u32 E, number of extra arrays (0 for a plain model)
 *                   E times: u16 N (1..255), N bytes UTF-8 name (unique),
 *                            u32 K, K float32 (finite)
 * …           4     u32 C, number of counters (0 for a plain model)
 *                   C times: u16 N (1..255), N bytes UTF-8 name (unique), i64 value
 * length−4    4     u32 CRC-32 (java.util.zip.CRC32, the zip/PNG polynomial) of bytes
 *                   [0, length−4)
 * </pre>
 * The {MNIST 784-50-10, relu} model is 24 + (1+4+2) + affine (7+9+1+1 + 6+4·39200 + 6+4·50)
 * + relu (5+5+1+1) + affine (7+9+1+1 + 6+4·500 + 6+4·10) + 4+4 + 4 = 159,155 bytes.
 *
 * <h2>Layout, format version 1 (0.1.0; still read)</h2>
 * The same header with version 1, then at offset 24: u32 L, number of layer sizes, 2..64; L ×
 * u32 layer sizes, each 1..2^20; u8 A, length of the activation name, 1..32; A bytes ASCII
 * "relu" or "sigmoid"; the parameters, no length prefixes (the sizes imply them), float32 each:
 * W1 (sizes[0]·sizes[1], row-major in×out), b1, W2, b2, …; then the extra arrays, counters and
 * CRC as in version 2. The 784-50-10 model is 159,097 bytes in this format.
 *
 * <h2>Reading</h2>
 * Checks, in this order, each failing with one {@link ModelFormatException} line that starts
 * with the file name: file size (at most 2³¹−9 bytes, so reading it cannot exhaust memory on a
 * claim), magic (a foreign file), version, flags, declared length against the actual size
 * (truncated or trailing bytes), CRC-32 (any bit flip; CRC-32 catches every error burst of up to
 * 32 bits), then the architecture and every length against the bytes that remain — before any
 * array is allocated — then finite values, unique names, and that the parsed content ends exactly
 * at the CRC.
 *
 * <h2>Writing</h2>
 * Into a temporary file in the target's folder, {@code FileChannel.force(true)}, then
 * {@code Files.move(ATOMIC_MOVE, REPLACE_EXISTING)} (and a best-effort sync of the folder). On any
 * failure the temporary file is deleted and an existing file under the target name is untouched.
 *
 * <h2>Versions</h2>
 * {@link #VERSION} is the version of this file format, not of the library: the two are
 * independent. The library version (the Maven artifact's, printed by {@code vecprop info}) changes
 * with every release; the format version changes only when the layout above changes, and a
 * reader rejects any version it does not know. Library 0.1.0 writes and reads format 1; 0.2.0
 * writes format 2 and reads both.
 *
 * <h2>Threads</h2>
 * The class is stateless: its methods may be called from any thread. Concurrent writes of one
 * file each go through their own temporary file; the file then holds one of them, complete.
 */
public final class ModelFile {

  private static final byte[] MAGIC = {'V', 'E', 'C', 'P', 'R', 'O', 'P', 0};

  /**
   * The 8 magic bytes every model file starts with: "VECPROP" and a zero byte.
   *
   * @return a new copy
   */
  public static byte[] magic() {
    return MAGIC.clone();
  }
  /** The format version this class writes and reads. */
  public static final int VERSION = 2;

  private static final int FIXED_HEADER = 28;
  private static final long MAX_FILE = Integer.MAX_VALUE - 8;
  /** The largest model file, in bytes: 2³¹ − 9. */
  static final int MAX_BYTES = (int) MAX_FILE;

  private ModelFile() {}

  /**
   * Saves a plain model (no extras) to {@code file}, atomically.
   *
   * @param file the target; its folder must exist
   * @param spec the model
   * @throws IOException when the file cannot be written (the folder is missing, is read-only, a
   *     folder has the target's name, the disk is full …); an existing file is untouched
   * @throws IllegalArgumentException when file or spec is null
   */
  public static void write(Path file, ModelSpec spec) throws IOException {
    write(file, Checkpoint.of(spec));
  }

  /**
   * Saves a model with extra arrays and counters (a trainer checkpoint), atomically.
   *
   * @param file the target; its folder must exist
   * @param spec the model
   * @param extraArrays named float arrays (see {@link Checkpoint}); null for none
   * @param counters named counters; null for none
   * @throws IOException when the file cannot be written; an existing file is untouched
   * @throws IllegalArgumentException a name, array or value is invalid (e.g. NaN), before any
   *     file is touched
   */
  public static void write(Path file, ModelSpec spec, Map<String, float[]> extraArrays,
      Map<String, Long> counters) throws IOException {
    write(file, new Checkpoint(spec, extraArrays, counters));
  }

  /**
   * Saves a checkpoint to {@code file}, atomically.
   *
   * @param file the target; its folder must exist
   * @param checkpoint the model and its extras
   * @throws IOException when the file cannot be written; an existing file is untouched
   * @throws IllegalArgumentException when file or checkpoint is null, or the content would be
   *     larger than a model file can be (2³¹−9 bytes)
   */
  public static void write(Path file, Checkpoint checkpoint) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file: is null");
    }
    byte[] bytes = encode(checkpoint);
    writeAtomically(file, bytes);
  }

  /**
   * Loads a model file, validated as described above; a plain model has empty extras.
   *
   * @param file the file
   * @return the model and its extras
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws ModelFormatException when the content is not a valid model file (one line naming
   *     the file and what was expected)
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when file is null
   */
  public static Checkpoint read(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file: is null");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such model file");
    }
    if (size > MAX_FILE) {
      throw new ModelFormatException(file + ": " + size
          + " bytes is larger than any vecprop model file can be");
    }
    return decode(file.toString(), Files.readAllBytes(file));
  }

  /**
   * Loads only the model of a file (extras, if any, are validated and dropped).
   *
   * @param file the file
   * @return the model
   * @throws IOException as {@link #read(Path)}
   * @throws IllegalArgumentException when file is null
   */
  public static ModelSpec readSpec(Path file) throws IOException {
    return read(file).spec();
  }

  /**
   * The file content for a checkpoint, CRC included, in the layout above.
   *
   * @param checkpoint the model and its extras
   * @return the bytes a file of it holds
   * @throws IllegalArgumentException when checkpoint is null or the content would be larger than
   *     a model file can be
   */
  public static byte[] encode(Checkpoint checkpoint) {
    if (checkpoint == null) {
      throw new IllegalArgumentException("checkpoint: is null");
    }
    ModelSpec spec = checkpoint.spec();
    long len = FIXED_HEADER - 4 + ModelBody.size(spec);
    len += 4;
    Map<String, byte[]> names = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : checkpoint.arrays().entrySet()) {
      byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
      names.put(e.getKey(), n);
      len += 2 + n.length + 4 + 4L * e.getValue().length;
    }
    len += 4;
    for (String k : checkpoint.counters().keySet()) {
      len += 2 + k.getBytes(StandardCharsets.UTF_8).length + 8;
    }
    len += 4;
    if (len > MAX_FILE) {
      throw new IllegalArgumentException("checkpoint: " + len
          + " bytes is larger than a model file can be (" + MAX_FILE + ")");
    }
    ByteBuffer b = ByteBuffer.allocate((int) len).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(0).putLong(len);
    ModelBody.write(b, spec);
    b.putInt(checkpoint.arrays().size());
    for (Map.Entry<String, float[]> e : checkpoint.arrays().entrySet()) {
      byte[] n = names.get(e.getKey());
      b.putShort((short) n.length).put(n).putInt(e.getValue().length);
      b.asFloatBuffer().put(e.getValue());
      b.position(b.position() + 4 * e.getValue().length);
    }
    b.putInt(checkpoint.counters().size());
    for (Map.Entry<String, Long> e : checkpoint.counters().entrySet()) {
      byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
      b.putShort((short) n.length).put(n).putLong(e.getValue());
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Parses and validates file content; {@code name} (the file) starts every error message.
   *
   * @param name the file's name, for messages
   * @param bytes read: the whole content of a model file
   * @return the model and its extras
   * @throws ModelFormatException anything wrong, one line
   * @throws IllegalArgumentException when bytes is null
   */
  public static Checkpoint decode(String name, byte[] bytes) throws ModelFormatException {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes: is null");
    }
    int n = bytes.length;
    for (int i = 0; i < Math.min(n, MAGIC.length); i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new ModelFormatException(name + ": not a vecprop model file: expected the magic"
            + " \"VECPROP\\0\" (56 45 43 50 52 4f 50 00), found " + hexPrefix(bytes, 8));
      }
    }
    if (n < FIXED_HEADER) {
      throw new ModelFormatException(name + ": truncated: " + n
          + " bytes, expected at least the " + FIXED_HEADER + "-byte header");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long version = Integer.toUnsignedLong(b.getInt(8));
    if (version != 1 && version != VERSION) {
      throw new ModelFormatException(name + ": format version " + version
          + " is not supported, expected 1 or " + VERSION + " (written by a newer vecprop?)");
    }
    int flags = b.getInt(12);
    if (flags != 0) {
      throw new ModelFormatException(name + ": unknown flags 0x" + Integer.toHexString(flags)
          + " in the header, expected 0");
    }
    long declared = b.getLong(16);
    if (declared != n) {
      throw new ModelFormatException(name + ": " + (Long.compareUnsigned(declared, n) > 0
          ? "truncated: the header declares " + Long.toUnsignedString(declared)
              + " bytes but the file has " + n
          : "the header declares " + declared + " bytes but the file has " + n
              + " (trailing bytes)"));
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, n - 4);
    int stored = b.getInt(n - 4);
    if (stored != (int) crc.getValue()) {
      throw new ModelFormatException(name + ": CRC-32 mismatch (stored "
          + String.format("%08x", stored) + ", computed "
          + String.format("%08x", (int) crc.getValue()) + "): the file is corrupt");
    }
    ModelReader r = new ModelReader(name, b, n - 4);
    r.pos = 24;
    ModelSpec spec = version == 1 ? ModelBody.read1(r) : ModelBody.read2(r);
    long arrayCount = r.u32("the number of extra arrays");
    r.need(arrayCount * 7, arrayCount + " extra arrays");
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (long i = 0; i < arrayCount; i++) {
      String key = r.name("extra array " + i);
      if (arrays.containsKey(key)) {
        throw new ModelFormatException(name + ": extra array \"" + key + "\" appears twice");
      }
      long k = r.u32("the length of extra array \"" + key + "\"");
      r.need(4 * k, "extra array \"" + key + "\" (" + k + " floats)");
      arrays.put(key, r.floats((int) k, key));
    }
    long counterCount = r.u32("the number of counters");
    r.need(counterCount * 11, counterCount + " counters");
    Map<String, Long> counters = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (long i = 0; i < counterCount; i++) {
      String key = r.name("counter " + i);
      if (!seen.add(key)) {
        throw new ModelFormatException(name + ": counter \"" + key + "\" appears twice");
      }
      r.need(8, "counter \"" + key + "\"");
      counters.put(key, b.getLong(r.pos));
      r.pos += 8;
    }
    if (r.pos != n - 4) {
      throw new ModelFormatException(name + ": " + (n - 4 - r.pos)
          + " unexpected bytes between the last counter and the CRC");
    }
    try {
      return new Checkpoint(spec, arrays, counters);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": " + e.getMessage());
    }
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new NoSuchFileException(String.valueOf(dir), null,
          "cannot write " + abs.getFileName() + ": the folder does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new IOException(abs + ": cannot write the model file: a folder has this name");
    }
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(dir.toString(), null,
          "cannot write " + abs.getFileName() + " here: permission denied");
    } catch (IOException e) {
      throw new IOException(dir + ": cannot write " + abs.getFileName() + " here ("
          + e.getMessage() + ")", e);
    }
    boolean ok = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      ok = true;
    } catch (IOException e) {
      throw new IOException(abs + ": could not write the model file (" + e + ")", e);
    } finally {
      if (!ok) {
        Files.deleteIfExists(tmp);
      }
    }
    syncFolder(dir);
  }

  /** Makes the rename durable where the platform allows opening a folder (not on Windows). */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort
    }
  }

  private static String hexPrefix(byte[] b, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(max, b.length); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i]));
    }
    return b.length == 0 ? "an empty file" : sb.toString();
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return sb.toString();
  }
}
