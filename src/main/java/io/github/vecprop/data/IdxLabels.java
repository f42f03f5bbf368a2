package io.github.vecprop.data;

/**
 * The content of an idx1 unsigned-byte label file: {@code count} labels, each checked to lie in
 * {@code [0, classes)} when read. The array is not copied.
 *
 * @param count number of labels
 * @param labels the labels, one byte each
 */
public record IdxLabels(int count, byte[] labels) {}
