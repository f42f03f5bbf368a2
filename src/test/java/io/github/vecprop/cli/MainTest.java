package io.github.vecprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines: exit code, and one line on stderr naming the flag and what was expected. */
class MainTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void usageError(String expectedFragment, String... args) {
    Run r = run(args);
    assertEquals(2, r.code(), "exit code for " + String.join(" ", args) + ": " + r.err());
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, "one line expected, got: " + r.err());
    assertTrue(lines[0].startsWith("vecprop: ") && lines[0].contains(expectedFragment),
        "'" + lines[0] + "' should mention " + expectedFragment);
    assertFalse(r.err().contains("\tat "), "no stack trace without --debug");
  }

  @Test
  void badFlagsAreOneLineErrors(@TempDir Path dir) throws Exception {
    usageError("unknown flag --bogus", "train", "--bogus", "1");
    usageError("--iters needs a value", "train", "--iters");
    usageError("--lr expects a number, got 'fast'", "train", "--lr", "fast");
    usageError("--lr must be > 0", "train", "--lr", "-1");
    usageError("--lr expects a finite number", "train", "--lr", "NaN");
    usageError("--batch must be in [1, 65536], got 0", "train", "--batch", "0");
    usageError("--iters expects a whole number, got '1e3'", "train", "--iters", "1e3");
    usageError("--optimizer must be one of", "train", "--optimizer", "lbfgs");
    usageError("--hidden expects sizes", "train", "--hidden", "50,x");
    usageError("--weight-std applies to --init gaussian only", "train", "--init", "he",
        "--weight-std", "0.1");
    usageError("unknown command 'fit'", "fit");
    usageError("--model FILE is required", "evaluate");
    usageError("--model " + dir.resolve("none.vpm") + ": no such readable file", "predict",
        "--model", dir.resolve("none.vpm").toString(), "x.png");
    Path file = Files.writeString(dir.resolve("plain"), "x");
    usageError("--out " + file.resolve("sub") + ": cannot create the folder", "train", "--out",
        file.resolve("sub").toString());
    usageError("--data " + dir.resolve("nope") + ": not a folder", "train", "--data",
        dir.resolve("nope").toString(), "--out", dir.resolve("o").toString());
  }

  @Test
  void badLayerSpecsAndChapter6FlagsAreOneLineErrors() {
    usageError("--layers: layer spec token 2 \"bn\": unknown layer \"bn\", expected one of"
        + " affine, relu, sigmoid, tanh, batchnorm, dropout", "train", "--layers",
        "affine:100,bn,relu,affine:10");
    usageError("token 1 \"affine:0\": expected a positive integer output size, got \"0\"",
        "train", "--layers", "affine:0,relu,affine:10");
    usageError("token 3 \"dropout:1.5\": expected a dropout ratio in [0, 1)", "train",
        "--layers", "affine:10,relu,dropout:1.5");
    usageError("token 2 \"relu:3\": relu takes no argument", "train", "--layers",
        "affine:10,relu:3");
    usageError("--layers: needs at least one affine layer", "train", "--layers", "relu");
    usageError("--hidden describes an MLP; with --layers put it in the spec", "train",
        "--layers", "affine:10", "--hidden", "100");
    usageError("--patience needs --val-split", "train", "--patience", "3");
    usageError("--lr-schedule \"linear\": expected constant, step:EVERY:FACTOR", "train",
        "--lr-schedule", "linear");
    usageError("--lr-schedule step schedule: FACTOR must be in (0, 1], got 2.0", "train",
        "--lr-schedule", "step:100:2");
    usageError("--dropout must be >= 0.0 and <= 0.99, got 1", "train", "--dropout", "1");
    usageError("--val-split must be > 0", "train", "--val-split", "0");
    usageError("--activation must be one of", "train", "--activation", "elu");
    usageError("experiment: expected one of batchnorm, weight-decay, dropout, search", "experiment",
        "mnist");
  }

  @Test
  void corruptModelFileIsAOneLineErrorNamingIt(@TempDir Path dir) throws Exception {
    Path bad = Files.write(dir.resolve("bad.vpm"), new byte[] {1, 2, 3, 4, 5});
    Run r = run("predict", "--model", bad.toString(), "x.png");
    assertEquals(1, r.code());
    assertTrue(r.err().strip().lines().count() == 1 && r.err().contains(bad.toString()), r.err());
    Run d = run("predict", "--model", bad.toString(), "x.png", "--debug");
    assertTrue(d.err().contains("\tat "), "--debug prints the stack trace");
  }

  @Test
  void infoNamesTheKernels() {
    Run r = run("info");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("kernels") && r.out().contains("jdk"), r.out());
  }

  @Test
  void infoPrintsTheLibraryVersion() {
    Run r = run("info");
    assertEquals(0, r.code());
    String first = r.out().lines().findFirst().orElse("");
    // From version.properties here (target/classes has no manifest); from the jar's manifest
    // Implementation-Version when run with -jar. Both come from the POM's version.
    assertTrue(first.matches("version +\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
        "first line: " + first);
    assertEquals(first.replaceFirst("version +", ""), Info.version());
  }
}
