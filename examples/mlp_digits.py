"""An MLP on scikit-learn's digits, trained with fastact and with plain NumPy.

A 64-128-64-10 network (ReLU or SiLU hidden units with He init, inverted
dropout after each hidden layer, softmax + cross-entropy through log_softmax,
Adam) is trained on the 8x8 digits bundled with scikit-learn (no download), twice
from the same initial weights and minibatch order:

- fastact: ``fa.relu`` / ``fa.relu.backward``, ``fa.dropout`` /
  ``fa.dropout.backward`` (a seed per step, no mask kept), ``fa.log_softmax`` /
  ``fa.log_softmax.backward``;
- NumPy: ``fastact.reference``'s twins of the same passes and the NumPy dropout
  idiom ``m = rng.random(h.shape) >= p; y = h * m / (1 - p)`` (the mask kept for
  backward).

Only those passes differ (the matrix products, the optimiser and the data are
shared code), so the two epoch times differ by the activation + dropout +
log_softmax share. It prints the held-out accuracy of both, the thread CPU time
per epoch (fastact and BLAS held to one thread, epochs of the two alternated)
and that share of each epoch.

    python examples/mlp_digits.py                        # 40 epochs
    python examples/mlp_digits.py --epochs 12 --seed 0   # the small configuration CI runs
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

import fastact as fa
from fastact import reference

MIN_ACCURACY = 0.95


# --- the passes that differ -------------------------------------------------------------
class _Timed:
    """Thread CPU time spent inside this object's passes (ns), in all and by pass."""

    def __init__(self) -> None:
        self.ns = 0
        self.ns_by: Counter[str] = Counter()

    def _time(self, label: str, fn, *args, **kwargs):
        start = time.thread_time_ns()
        result = fn(*args, **kwargs)
        spent = time.thread_time_ns() - start
        self.ns += spent
        self.ns_by[label] += spent
        return result


class FastactPasses(_Timed):
    """Activation, dropout and log_softmax through fastact's fused kernels."""

    name = "fastact"

    def __init__(self, activation: str, p: float, rng: np.random.Generator) -> None:
        super().__init__()
        self.f, self.p, self.rng = fa.get(activation), p, rng

    def act(self, z):
        return self._time("activation", self.f, z)

    def act_backward(self, dh, z):
        return self._time("activation", self.f.backward, dh, z)

    def dropout(self, h):
        """(y, what backward needs): here only the seed; backward regenerates the mask."""
        def draw(h):
            seed = fa.dropout.new_seed(self.rng)  # timed too, as the idiom's rng.random is
            return fa.dropout(h, self.p, seed=seed), seed
        return self._time("dropout", draw, h)

    def dropout_backward(self, dy, seed):
        return self._time("dropout", fa.dropout.backward, dy, self.p, seed=seed)

    def log_softmax(self, z):
        return self._time("log_softmax", fa.log_softmax, z)

    def log_softmax_backward(self, dy, y):
        return self._time("log_softmax", fa.log_softmax.backward, dy, y=y)


class NumpyPasses(FastactPasses):
    """The same passes as fastact.reference's NumPy twins and the NumPy dropout idiom."""

    name = "NumPy"

    def __init__(self, activation: str, p: float, rng: np.random.Generator) -> None:
        super().__init__(activation, p, rng)
        self.f = getattr(reference, activation)

    def dropout(self, h):
        """(y, the kept mask): m = rng.random(h.shape) >= p; y = h * m / (1 - p)."""
        def idiom(h):
            keep = self.rng.random(h.shape) >= self.p
            return h * keep / (1 - self.p), keep
        return self._time("dropout", idiom, h)

    def dropout_backward(self, dy, keep):
        return self._time("dropout", lambda: dy * keep / (1 - self.p))

    def log_softmax(self, z):
        return self._time("log_softmax", reference.log_softmax, z)

    def log_softmax_backward(self, dy, y):
        return self._time("log_softmax", reference.log_softmax.backward, dy, y=y)


# --- the shared network ---------------------------------------------------------------------
@dataclass
class MLP:
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    moments: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    steps: int = 0

    @classmethod
    def new(cls, sizes: list[int], rng: np.random.Generator, dtype: np.dtype) -> MLP:
        """He normal weights (relu-like hidden units), Glorot for the linear output layer."""
        weights = [fa.init.he_normal((n_in, n_out), rng=rng, dtype=dtype)
                   for n_in, n_out in zip(sizes[:-2], sizes[1:-1])]
        weights.append(fa.init.glorot_normal((sizes[-2], sizes[-1]), rng=rng, dtype=dtype))
        return cls(weights, [np.zeros(n, dtype) for n in sizes[1:]])

    def copy(self) -> MLP:
        return MLP([w.copy() for w in self.weights], [b.copy() for b in self.biases])

    def logits(self, x: np.ndarray, passes: FastactPasses) -> np.ndarray:
        """Inference: no dropout."""
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            x = passes.act(x @ w + b)
        return x @ self.weights[-1] + self.biases[-1]

    def step(self, x: np.ndarray, labels: np.ndarray, passes: FastactPasses, lr: float) -> float:
        """One minibatch: forward with dropout, cross-entropy, backward, Adam. Returns the loss."""
        loss, grads = self.loss_and_gradients(x, labels, passes)
        self._adam(grads, lr)
        return loss

    def loss_and_gradients(self, x: np.ndarray, labels: np.ndarray, passes: FastactPasses):
        """Mean cross-entropy and [(dW, db) per layer], forward with dropout."""
        cache = []
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            z = x @ w + b
            h, dropped = passes.dropout(passes.act(z))
            cache.append((x, z, dropped))
            x = h
        logp = passes.log_softmax(x @ self.weights[-1] + self.biases[-1])
        rows = np.arange(len(labels))
        loss = -float(np.mean(logp[rows, labels]))
        dlogp = np.zeros_like(logp)
        dlogp[rows, labels] = -1.0 / len(labels)
        dz = passes.log_softmax_backward(dlogp, logp)
        grads = [(x.T @ dz, dz.sum(axis=0))]
        for layer in reversed(range(len(cache))):
            dh = dz @ self.weights[layer + 1].T
            x_in, z, dropped = cache[layer]
            dz = passes.act_backward(passes.dropout_backward(dh, dropped), z)
            grads.append((x_in.T @ dz, dz.sum(axis=0)))
        return loss, grads[::-1]

    def _adam(self, grads, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        params = [p for pair in zip(self.weights, self.biases) for p in pair]
        flat = [g for pair in grads for g in pair]
        if not self.moments:
            self.moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        self.steps += 1
        c1, c2 = 1 - beta1 ** self.steps, 1 - beta2 ** self.steps
        for p, g, (m, v) in zip(params, flat, self.moments):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= (lr / c1) * m / (np.sqrt(v / c2) + eps)


# --- training ---------------------------------------------------------------------------
def load(seed: int, dtype: np.dtype):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(dtype)  # pixel values 0..16
    return train_test_split(x, y, test_size=0.25, stratify=y, random_state=seed)


def _one_thread():
    """fastact and the BLAS on one thread, so that thread CPU time is the whole cost."""
    fa.set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(1)


def train(*, epochs: int = 40, batch: int = 32, hidden: tuple[int, ...] = (128, 64),
          activation: str = "relu", p: float = 0.2, lr: float = 2e-3, seed: int = 0,
          dtype: str = "float32") -> dict[str, dict]:
    """Train both; per implementation: accuracy, per-epoch thread CPU ns, the passes' ns."""
    dt = np.dtype(dtype)
    x_train, x_test, y_train, y_test = load(seed, dt)
    rng = np.random.default_rng(seed)
    start = MLP.new([x_train.shape[1], *hidden, 10], rng, dt)
    runs = {}
    for cls in (FastactPasses, NumpyPasses):
        passes = cls(activation, p, np.random.default_rng(seed + 1))
        runs[passes.name] = {"net": start.copy(), "passes": passes, "epoch_ns": [], "passes_ns": []}
    previous = fa.get_num_threads()
    with _one_thread():
        for epoch in range(epochs):
            order = np.random.default_rng([seed, epoch]).permutation(len(x_train))
            for run in runs.values():  # alternated, epoch by epoch
                passes, before = run["passes"], run["passes"].ns
                t0 = time.thread_time_ns()
                for i in range(0, len(order), batch):
                    idx = order[i:i + batch]
                    run["net"].step(x_train[idx], y_train[idx], passes, lr)
                run["epoch_ns"].append(time.thread_time_ns() - t0)
                run["passes_ns"].append(passes.ns - before)
    fa.set_num_threads(previous)
    for run in runs.values():
        predicted = np.argmax(run["net"].logits(x_test, run["passes"]), axis=1)
        run["accuracy"] = float(np.mean(predicted == y_test))
    return runs


def report(runs: dict[str, dict]) -> None:
    for name, run in runs.items():
        epoch = np.array(run["epoch_ns"]) / 1e6
        share = np.array(run["passes_ns"]) / 1e6
        print(f"{name:8s} test accuracy {run['accuracy']:.4f}   epoch {np.min(epoch):7.2f} ms "
              f"(min; median {np.median(epoch):.2f}), activations+dropout+log_softmax "
              f"{np.min(share):6.2f} ms = {np.sum(share) / np.sum(epoch):5.1%} of the epoch")
        by = run["passes"].ns_by
        print(" " * 9 + "per epoch (mean, forward + backward): " + ", ".join(
            f"{label} {by[label] / len(epoch) / 1e6:.2f} ms" for label in ("activation", "dropout", "log_softmax")))
    fast, slow = runs["fastact"], runs["NumPy"]
    print(f"fastact / NumPy: whole epoch {min(slow['epoch_ns']) / min(fast['epoch_ns']):.2f}x faster, "
          f"activations+dropout+log_softmax {min(slow['passes_ns']) / min(fast['passes_ns']):.2f}x "
          f"(thread CPU time, one thread, minimum over epochs)")


def main(argv: list[str] | None = None) -> dict[str, dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 64])
    parser.add_argument("--activation", choices=["relu", "silu"], default="relu")
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    args = parser.parse_args(argv)
    runs = train(epochs=args.epochs, batch=args.batch, hidden=tuple(args.hidden),
                 activation=args.activation, p=args.dropout, lr=args.lr, seed=args.seed,
                 dtype=args.dtype)
    print(f"digits, {'-'.join(map(str, [64, *args.hidden, 10]))} {args.activation}, dropout "
          f"{args.dropout}, {args.epochs} epochs of batch {args.batch}, {args.dtype}, seed {args.seed}")
    report(runs)
    for name, run in runs.items():
        assert run["accuracy"] >= MIN_ACCURACY, f"{name}: held-out accuracy {run['accuracy']:.4f}"
    return runs


if __name__ == "__main__":
    main()
