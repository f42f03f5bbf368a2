package io.github.vecprop.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stream that hands every byte read through it to a {@link MessageDigest} on a second thread,
 * in order, so that hashing runs beside reading instead of after it.
 *
 * <p>Why: the CLI verifies MNIST's SHA-256 on every load; in a fresh JVM hashing the 47 MB of
 * training images took about 150 ms on top of the 130 ms of reading them (Intel Xeon, 2 vCPUs,
 * JDK 17), and a training job's first step waits for both.
 *
 * <p>Only for a reader that never writes again into an array range it has read into (the digest
 * thread reads that range later): {@link Idx} reads the header and the payload into arrays it
 * keeps. {@link #finish()} returns once every byte read has been digested; {@link #close()} also
 * stops the digest thread when reading failed.
 */
final class BackgroundDigest extends FilterInputStream {

  private final MessageDigest digest;
  private final ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vecprop-digest");
    t.setDaemon(true);
    return t;
  });

  BackgroundDigest(InputStream in, MessageDigest digest) {
    super(in);
    this.digest = digest;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      byte[] one = {(byte) b};
      hasher.execute(() -> digest.update(one));
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int r = in.read(b, off, len);
    if (r > 0) {
      hasher.execute(() -> digest.update(b, off, r));
    }
    return r;
  }

  /** Skipped bytes are read (into a fresh array) so that the digest sees them. */
  @Override
  public long skip(long n) throws IOException {
    long done = 0;
    while (done < n) {
      byte[] b = new byte[(int) Math.min(n - done, 8192)];
      int r = read(b, 0, b.length);
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // Not supported: a reset would feed bytes to the digest twice.
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Waits until the digest has been updated with every byte read so far, then stops the thread. */
  void finish() throws InterruptedIOException {
    hasher.shutdown();
    try {
      while (!hasher.awaitTermination(1, TimeUnit.MINUTES)) {
        // A digest of any real file ends long before; keep waiting rather than return early.
      }
    } catch (InterruptedException e) {
      hasher.shutdownNow();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
  }

  @Override
  public void close() throws IOException {
    hasher.shutdownNow();
    super.close();
  }
}
