/**
 * The model file and the embedding API: load a trained network and classify with it.
 *
 * <p>Start from {@link io.github.vecprop.model.Model}: {@link io.github.vecprop.model.Model#load}
 * a {@code .vpm} file, then {@link io.github.vecprop.model.Model#predict(byte[])} (784 raw pixels
 * 0..255) or {@link io.github.vecprop.model.Model#predict(float[])} (values in [0, 1]) returns a
 * {@link io.github.vecprop.model.Prediction}: the label and the probabilities of all classes. A
 * Model is immutable and safe for any number of threads. It runs with or without the JVM flag
 * that adds the incubator Vector API module (see {@link io.github.vecprop.kernel.Kernels}; the
 * plain-Java kernels without it), with the same bits.
 *
 * <p>{@link io.github.vecprop.model.ModelSpec} is a network as data (layer sizes, activation,
 * weights); {@link io.github.vecprop.model.ModelFile} reads and writes it, atomically and
 * CRC-checked, in the layout its javadoc gives byte by byte, and
 * {@link io.github.vecprop.model.Checkpoint} adds a trainer's extra arrays and counters. A bad
 * file is a {@link io.github.vecprop.model.ModelFormatException} whose one-line message names the
 * file and what was expected.
 *
 * <p><b>Versions.</b> The file format has its own version, {@link
 * io.github.vecprop.model.ModelFile#VERSION} (currently 1), independent of the library version:
 * a library release changes the format version only when the layout changes.
 */
package io.github.vecprop.model;
