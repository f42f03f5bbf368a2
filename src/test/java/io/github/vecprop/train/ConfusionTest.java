package io.github.vecprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionTest {
  @Test
  void countsPrecisionAndRecallByHand() {
    Confusion c = new Confusion(3);
    // actual:    0 0 0 1 1 2
    // predicted: 0 0 1 1 2 2
    c.add(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 0, 0, 1, 1, 2}, 6);
    assertEquals(4.0 / 6, c.accuracy(), 1e-12);
    assertEquals(1.0, c.precision(0), 1e-12);       // 2 predicted 0, both right
    assertEquals(2.0 / 3, c.recall(0), 1e-12);      // 3 actual 0, 2 found
    assertEquals(0.5, c.precision(1), 1e-12);       // predicted 1: one actual 0, one actual 1
    assertEquals(0.5, c.recall(1), 1e-12);
    assertEquals(0.5, c.precision(2), 1e-12);
    assertEquals(1.0, c.recall(2), 1e-12);
    assertEquals(1, c.count(0, 1));
    assertTrue(c.report().contains("accuracy 0.6667"), c.report());
    assertThrows(IllegalArgumentException.class, () -> c.add(new int[] {3}, new int[] {0}, 1));
  }
}
