"""Train the digits networks and write their weights (``make weights``): chapter 6's
784-16-16-10 network and chapter 10's CNN with the dense network it is compared with.

    python tools/train_digits.py                  # both files below
    python tools/train_digits.py --only dense-784 # 28x28 digits -> assets/digits_784_16_16_10.npz
    python tools/train_digits.py --only cnn       # 8x8 digits -> assets/digits_cnn_8x8.npz
    python tools/train_digits.py --check          # retrain; exit 1 unless every array comes back
    python tools/train_digits.py --idx DIR        # MNIST -> assets/mnist_784_16_16_10.npz

Prints a line per epoch (loss, held-out accuracy, seconds), then the held-out
accuracy: of the 784 network beside scikit-learn's MLPClassifier with the same layers on
the same split; of the CNN beside the dense 64-32-10 network, with their parameter
counts. The CNN is trained on scikit-learn's digits only (not with --idx). The stored
accuracies are measured on the stored (float32) images.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from nnmath import conv_digits, digits

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets"
ARRAYS = ("W1", "b1", "W2", "b2", "W3", "b3", "test_indices", "X_test", "y_test", "accuracy")
TARGETS = ("dense-784", "cnn")


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


def check(path: Path, fresh: dict[str, np.ndarray], names: tuple[str, ...] = ARRAYS) -> int:
    if not path.is_file():
        print(f"--check: {path} does not exist; run make weights first", file=sys.stderr)
        return 1
    with np.load(path) as stored:
        differ = [name for name in names if name not in stored
                  or stored[name].dtype != fresh[name].dtype
                  or not np.array_equal(stored[name], fresh[name])]
    if differ:
        print(f"--check: retraining does NOT reproduce {path.name}: {', '.join(differ)} differ",
              file=sys.stderr)
        return 1
    print(f"--check: retraining reproduces every array of {path.name} exactly")
    return 0


def _progress(what: str, epochs: int, score, quiet: bool):
    """An ``on_epoch`` printing a line per epoch: loss, held-out accuracy, seconds."""
    start = time.perf_counter()

    def progress(epoch, net, loss):
        if not quiet:
            print(f"{what} epoch {epoch:3d}/{epochs}  loss {loss:.4f}  "
                  f"held-out {score(net):6.2%}  {time.perf_counter() - start:6.1f} s",
                  flush=True)

    return progress


def train_cnn_pair(data: conv_digits.DigitImages, args: argparse.Namespace, quiet: bool = False):
    """The CNN and the dense 64-32-10 network, each with its training time in seconds."""
    settings, dense_settings = conv_digits.TRAINING, conv_digits.DENSE_TRAINING
    start = time.perf_counter()
    cnn = conv_digits.train_cnn(
        data, seed=args.seed, on_epoch=_progress(
            "cnn  ", settings["epochs"],
            lambda net: net.accuracy(data.X_test, data.y_test), quiet)).network
    cnn_seconds = time.perf_counter() - start
    start = time.perf_counter()
    dense = conv_digits.train_dense(
        data, seed=args.seed, on_epoch=_progress(
            "dense", dense_settings["epochs"],
            lambda net: conv_digits.dense_accuracy(net, data.X_test, data.y_test), quiet)).network
    return (cnn, cnn_seconds), (dense, time.perf_counter() - start)


def cnn_arrays(cnn, dense, data: conv_digits.DigitImages) -> dict[str, np.ndarray]:
    images = data.X_test.astype(np.float32)  # what is stored is what is scored
    out = cnn.to_arrays()
    for k, layer in enumerate(dense.layers, start=1):
        out[f"dense_W{k}"], out[f"dense_b{k}"] = np.asarray(layer.W), np.asarray(layer.b)
    out |= {
        "test_indices": data.test_indices.astype(np.int32),
        "images": images,
        "labels": data.y_test.astype(np.uint8),
        "accuracy": np.float64(cnn.accuracy(images, data.y_test)),
        "dense_accuracy": np.float64(conv_digits.dense_accuracy(dense, images, data.y_test)),
    }
    return out


def run_dense_784(args: argparse.Namespace, path: Path) -> int:
    """Chapter 6's file: train, then check or compare with scikit-learn and write."""
    try:
        data = digits.load_idx_dir(args.idx) if args.idx else digits.load_digits_784(seed=args.seed)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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
    write(path, fresh)
    return 0


def run_cnn(args: argparse.Namespace, path: Path) -> int:
    """Chapter 10's file: the CNN and the dense network beside it; check or write."""
    data = conv_digits.load_digits_8x8(seed=args.seed)
    settings, dense_settings = conv_digits.TRAINING, conv_digits.DENSE_TRAINING
    k, size, pool = settings["n_kernels"], settings["kernel_size"], settings["pool"]
    sizes = "-".join(map(str, conv_digits.DENSE_SIZES))
    print(f"sklearn's digits at 8x8: {len(data.y_train)} training and {len(data.y_test)} "
          f"held-out images; CNN: {k} kernels {size}x{size}, ReLU, {pool}x{pool} max-pool, "
          f"dense to 10, softmax, {settings['epochs']} epochs, lr {settings['lr']}, batch "
          f"{settings['batch_size']}; dense {sizes} "
          f"({', '.join(conv_digits.DENSE_ACTIVATIONS)}), {dense_settings['epochs']} epochs, "
          f"lr {dense_settings['lr']}, batch {dense_settings['batch_size']}; seed {args.seed}")

    (cnn, cnn_seconds), (dense, dense_seconds) = train_cnn_pair(data, args, quiet=args.check)
    fresh = cnn_arrays(cnn, dense, data)
    if args.check:
        return check(path, fresh, conv_digits.ARRAYS)

    parts = ", ".join(f"{part.name} {part.count:,}" for part in cnn.parameter_breakdown)
    print(f"CNN held-out accuracy: {float(fresh['accuracy']):.2%} ({len(data.y_test)} images), "
          f"{cnn.parameter_count:,} parameters ({parts}), trained in {cnn_seconds:.1f} s")
    print(f"dense {sizes} held-out accuracy: {float(fresh['dense_accuracy']):.2%}, "
          f"{dense.parameter_count:,} parameters, trained in {dense_seconds:.1f} s")
    write(path, fresh)
    return 0


def write(path: Path, fresh: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **fresh)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--idx", type=Path, help="a directory of MNIST IDX files (train-*, t10k-*)"
                        "; trains the 784-16-16-10 network only")
    parser.add_argument("--only", choices=TARGETS,
                        help="train one file: dense-784 (chapter 6's network, "
                             "digits_784_16_16_10.npz) or cnn (chapter 10's CNN and its dense "
                             "comparison, digits_cnn_8x8.npz); default: both")
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the committed file(s); exit 1 if different")
    parser.add_argument("--out", type=Path, help="where to write (default: assets/<name>.npz); "
                        "with one file only (--only or --idx)")
    parser.add_argument("--epochs", type=int, default=digits.TRAINING["epochs"],
                        help="of the 784 network (the CNN's settings: nnmath.conv_digits)")
    parser.add_argument("--lr", type=float, default=digits.TRAINING["lr"])
    parser.add_argument("--batch-size", type=int, default=digits.TRAINING["batch_size"])
    parser.add_argument("--loss", default=digits.TRAINING["loss"], choices=("mse", "cross_entropy"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mlp-max-iter", type=int, default=500,
                        help="max_iter of the scikit-learn comparison")
    parser.add_argument("--no-compare", action="store_true", help="skip the scikit-learn run")
    args = parser.parse_args(argv)

    if args.idx and args.only == "cnn":
        parser.error("--idx trains the 784-16-16-10 network only: the CNN is for "
                     "scikit-learn's 8x8 digits; drop --only cnn or --idx")
    targets = ("dense-784",) if args.idx else (args.only,) if args.only else TARGETS
    if args.out and len(targets) > 1:
        parser.error("--out names one file: add --only dense-784 or --only cnn")
    status = 0
    for target in targets:
        if target == "dense-784":
            name = "mnist_784_16_16_10.npz" if args.idx else "digits_784_16_16_10.npz"
            status |= run_dense_784(args, args.out or ASSETS / name)
        else:
            status |= run_cnn(args, args.out or conv_digits.ASSET)
    return status


if __name__ == "__main__":
    sys.exit(main())
