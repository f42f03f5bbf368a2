package io.github.vecprop.model;

import java.nio.file.Path;

/**
 * A child process for {@link KillDuringSaveTest}: saves model A and model B to the same file,
 * alternately, until it is killed. Prints "ready" after the first save.
 */
public final class SaveLoop {
  private SaveLoop() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    ModelSpec a = KillDuringSaveTest.spec(1f);
    ModelSpec b = KillDuringSaveTest.spec(2f);
    ModelFile.write(file, a);
    System.out.println("ready");
    System.out.flush();
    for (long i = 0; ; i++) {
      ModelFile.write(file, (i & 1) == 0 ? b : a);
    }
  }
}
