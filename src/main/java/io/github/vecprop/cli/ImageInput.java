package io.github.vecprop.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * One digit image (PNG, or anything javax.imageio reads, and binary or ASCII PGM) as 28×28 floats
 * in [0, 1], white digit on black as in MNIST. Images of another size are scaled; images that are
 * mostly light (a dark digit on white paper) are inverted.
 */
final class ImageInput {
  static final int SIDE = 28;

  private ImageInput() {}

  static float[] read(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(file + ": cannot read the image file");
    }
    float[][] gray = isPgm(file) ? readPgm(file) : readImageIo(file);
    return normalise(gray);
  }

  private static boolean isPgm(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      byte[] h = in.readNBytes(2);
      return h.length == 2 && h[0] == 'P' && (h[1] == '5' || h[1] == '2');
    }
  }

  private static float[][] readImageIo(Path file) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException(file + ": not an image format this JVM reads (expected PNG or PGM)");
    }
    float[][] g = new float[img.getHeight()][img.getWidth()];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        float a = ((rgb >>> 24) & 0xFF) / 255f;
        float lum = (0.299f * ((rgb >> 16) & 0xFF) + 0.587f * ((rgb >> 8) & 0xFF)
            + 0.114f * (rgb & 0xFF)) / 255f;
        // Transparent pixels count as background (white paper).
        g[y][x] = lum * a + (1 - a);
      }
    }
    return g;
  }

  /** P5 (binary) or P2 (ASCII) PGM with maxval ≤ 255. */
  private static float[][] readPgm(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int[] pos = {2};
    int w = token(b, pos, file);
    int h = token(b, pos, file);
    int max = token(b, pos, file);
    if (w < 1 || h < 1 || w > 4096 || h > 4096 || max < 1 || max > 255) {
      throw new IOException(file + ": PGM header " + w + "x" + h + " max " + max
          + " is not a supported size (1..4096 pixels a side, maxval 1..255)");
    }
    float[][] g = new float[h][w];
    if (b[1] == '5') {
      int start = pos[0] + 1;
      if (b.length - start < (long) w * h) {
        throw new IOException(file + ": PGM data is truncated: expected " + (long) w * h
            + " pixel bytes, found " + Math.max(0, b.length - start));
      }
      for (int i = 0; i < w * h; i++) {
        g[i / w][i % w] = (b[start + i] & 0xFF) / (float) max;
      }
    } else {
      for (int i = 0; i < w * h; i++) {
        g[i / w][i % w] = token(b, pos, file) / (float) max;
      }
    }
    return g;
  }

  private static int token(byte[] b, int[] pos, Path file) throws IOException {
    int i = pos[0];
    while (i < b.length && (Character.isWhitespace(b[i]) || b[i] == '#')) {
      if (b[i] == '#') {
        while (i < b.length && b[i] != '\n') {
          i++;
        }
      } else {
        i++;
      }
    }
    int start = i;
    while (i < b.length && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    if (start == i) {
      throw new IOException(file + ": malformed PGM header or data at byte " + start);
    }
    pos[0] = i;
    return Integer.parseInt(new String(b, start, i - start, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** Box-samples to 28×28 and inverts light backgrounds. */
  private static float[] normalise(float[][] g) {
    int h = g.length;
    int w = g[0].length;
    float[] out = new float[SIDE * SIDE];
    double mean = 0;
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int y0 = y * h / SIDE;
        int y1 = Math.max(y0 + 1, (y + 1) * h / SIDE);
        int x0 = x * w / SIDE;
        int x1 = Math.max(x0 + 1, (x + 1) * w / SIDE);
        double s = 0;
        for (int yy = y0; yy < y1; yy++) {
          for (int xx = x0; xx < x1; xx++) {
            s += g[yy][xx];
          }
        }
        float v = (float) (s / ((y1 - y0) * (x1 - x0)));
        out[y * SIDE + x] = v;
        mean += v;
      }
    }
    if (mean / out.length > 0.5) {
      for (int i = 0; i < out.length; i++) {
        out[i] = 1f - out[i];
      }
    }
    return out;
  }
}
