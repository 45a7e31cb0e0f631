"""Makes examples/data/rings.csv and rings-weights.npz: two linked rings in 3D (a
class each) and a 3-3-2-1 network nnmath trained on them (the best of six seeds).

    .venv/bin/python examples/data/make_rings.py
"""
import numpy as np
from nnmath import Network, train
rng = np.random.default_rng(4)
n = 200
t = rng.uniform(0, 2*np.pi, n)
a = np.c_[np.cos(t), np.sin(t), np.zeros(n)]
t2 = rng.uniform(0, 2*np.pi, n)
b = np.c_[1 + np.cos(t2), np.zeros(n), np.sin(t2)]
X = np.vstack([a, b]) + rng.normal(0, 0.06, (2*n, 3))
X[:, 0] -= 0.5
y = np.r_[np.zeros(n, int), np.ones(n, int)]
order = rng.permutation(2*n); X, y = X[order], y[order]
best=None
for seed in range(6):
    net = Network.random((3, 3, 2, 1), ("tanh", "tanh", "sigmoid"), seed=seed)
    res = train(net, X, y, lr=0.5, epochs=400, batch_size=32, loss="cross_entropy", seed=seed)
    acc = np.mean((res.network.forward(X)[:,0] >= .5) == y)
    print(seed, res.history[-1], acc)
    if best is None or acc > best[0]: best=(acc, res.network)
acc, net = best
with open("examples/data/rings.csv", "w") as f:
    f.write("x,y,z,ring\n")
    for p, l in zip(X, y):
        f.write(f"{p[0]:.4f},{p[1]:.4f},{p[2]:.4f},{l}\n")
arrays = {}
for k, L in enumerate(net.layers, 1):
    arrays[f"W{k}"] = np.round(L.W, 4); arrays[f"b{k}"] = np.round(L.b, 4)
np.savez("examples/data/rings-weights.npz", **arrays)
print("acc", acc)
