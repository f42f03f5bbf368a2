package io.github.vecprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {

  @Test
  void darkDigitOnWhitePngBecomesWhiteOnBlack(@TempDir Path dir) throws IOException {
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        // White paper with a black vertical bar in columns 20..35 (pixels 10..17 at 28×28).
        int v = x >= 20 && x < 36 ? 0 : 255;
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    Path png = dir.resolve("bar.png");
    ImageIO.write(img, "png", png.toFile());
    float[] px = ImageInput.read(png);
    assertEquals(784, px.length);
    assertEquals(1f, px[5 * 28 + 12], 1e-6, "the bar is bright after inversion");
    assertEquals(0f, px[5 * 28 + 2], 1e-6, "the paper is dark after inversion");
  }

  @Test
  void pgmIsReadAndTruncatedPgmIsNamed(@TempDir Path dir) throws IOException {
    byte[] body = new byte[784];
    body[0] = (byte) 255;
    Path ok = dir.resolve("a.pgm");
    Files.write(ok, concat("P5\n# comment\n28 28\n255\n".getBytes(), body));
    float[] px = ImageInput.read(ok);
    assertEquals(1f, px[0], 1e-6);
    assertEquals(0f, px[1], 1e-6);
    Path cut = dir.resolve("cut.pgm");
    Files.write(cut, concat("P5\n28 28\n255\n".getBytes(), new byte[100]));
    IOException e = assertThrows(IOException.class, () -> ImageInput.read(cut));
    assertTrue(e.getMessage().startsWith(cut + ": PGM data is truncated"), e.getMessage());
    Path junk = Files.writeString(dir.resolve("junk.png"), "not an image");
    IOException j = assertThrows(IOException.class, () -> ImageInput.read(junk));
    assertTrue(j.getMessage().startsWith(junk.toString()), j.getMessage());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
