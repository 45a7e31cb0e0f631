"""Train chapter 6's 784-16-16-10 digits network and write its weights (``make weights``).

    python tools/train_digits.py            # 28x28 sklearn digits -> assets/digits_784_16_16_10.npz
    python tools/train_digits.py --check    # retrain; exit 1 unless the committed arrays come back
    python tools/train_digits.py --idx DIR  # MNIST IDX files -> assets/mnist_784_16_16_10.npz

Prints a line per epoch (loss, held-out accuracy, seconds), then the held-out
accuracy beside scikit-learn's MLPClassifier with the same layers on the same split.
The stored accuracy is measured on the stored (float32) X_test.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from nnmath import digits

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets"
ARRAYS = ("W1", "b1", "W2", "b2", "W3", "b3", "test_indices", "X_test", "y_test", "accuracy")


def train(data: digits.DigitsData, args: argparse.Namespace, quiet: bool = False):
    start = time.perf_counter()

    def progress(epoch, net, loss):
        if not quiet:
            acc = digits.accuracy(net, data.X_test, data.y_test)
            print(f"epoch {epoch:3d}/{args.epochs}  loss {loss:.4f}  held-out {acc:6.2%}  "
                  f"{time.perf_counter() - start:6.1f} s", flush=True)

    result = digits.train_digits(data, epochs=args.epochs, lr=args.lr, batch_size=args.batch_size,
                                 seed=args.seed, loss=args.loss, on_epoch=progress)
    return result.network, time.perf_counter() - start


def arrays(net, data: digits.DigitsData) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for k, layer in enumerate(net.layers, start=1):
        out[f"W{k}"], out[f"b{k}"] = np.asarray(layer.W), np.asarray(layer.b)
    X_test = data.X_test.astype(np.float32)  # what is stored is what is scored
    out |= {
        "test_indices": data.test_indices.astype(np.int32),
        "X_test": X_test,
        "y_test": data.y_test.astype(np.uint8),
        "accuracy": np.float64(digits.accuracy(net, X_test, data.y_test)),
    }
    return out


def sklearn_accuracy(data: digits.DigitsData, max_iter: int) -> tuple[float, float]:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    start = time.perf_counter()
    mlp = MLPClassifier(hidden_layer_sizes=(16, 16), activation="logistic", random_state=0,
                        max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(data.X_train, data.y_train)
    return float(mlp.score(data.X_test, data.y_test)), time.perf_counter() - start


def check(path: Path, fresh: dict[str, np.ndarray]) -> int:
    if not path.is_file():
        print(f"--check: {path} does not exist; run make weights first", file=sys.stderr)
        return 1
    with np.load(path) as stored:
        differ = [name for name in ARRAYS if name not in stored
                  or stored[name].dtype != fresh[name].dtype
                  or not np.array_equal(stored[name], fresh[name])]
    if differ:
        print(f"--check: retraining does NOT reproduce {path.name}: {', '.join(differ)} differ",
              file=sys.stderr)
        return 1
    print(f"--check: retraining reproduces every array of {path.name} exactly")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--idx", type=Path, help="a directory of MNIST IDX files (train-*, t10k-*)")
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the committed file; exit 1 if different")
    parser.add_argument("--out", type=Path, help="where to write (default: assets/<name>.npz)")
    parser.add_argument("--epochs", type=int, default=digits.TRAINING["epochs"])
    parser.add_argument("--lr", type=float, default=digits.TRAINING["lr"])
    parser.add_argument("--batch-size", type=int, default=digits.TRAINING["batch_size"])
    parser.add_argument("--loss", default=digits.TRAINING["loss"], choices=("mse", "cross_entropy"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mlp-max-iter", type=int, default=500,
                        help="max_iter of the scikit-learn comparison")
    parser.add_argument("--no-compare", action="store_true", help="skip the scikit-learn run")
    args = parser.parse_args(argv)

    try:
        data = digits.load_idx_dir(args.idx) if args.idx else digits.load_digits_784(seed=args.seed)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    name = "mnist_784_16_16_10.npz" if args.idx else "digits_784_16_16_10.npz"
    path = args.out or ASSETS / name
    source = f"MNIST IDX files in {args.idx}" if args.idx else "sklearn's digits at 28x28"
    print(f"{source}: {len(data.y_train)} training and {len(data.y_test)} held-out images; "
          f"784-16-16-10 sigmoid, {args.epochs} epochs, lr {args.lr}, batch {args.batch_size}, "
          f"{args.loss}, seed {args.seed}")

    net, seconds = train(data, args, quiet=args.check)
    fresh = arrays(net, data)
    if args.check:
        return check(path, fresh)

    ours = float(fresh["accuracy"])
    print(f"held-out accuracy: {ours:.2%} ({len(data.y_test)} images), trained in {seconds:.1f} s")
    if not args.no_compare:
        theirs, mlp_seconds = sklearn_accuracy(data, args.mlp_max_iter)
        print(f"sklearn MLPClassifier((16, 16), logistic, adam, max_iter={args.mlp_max_iter}): "
              f"{theirs:.2%} in {mlp_seconds:.1f} s; ours - theirs = {100 * (ours - theirs):+.2f} "
              "points")
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **fresh)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
