"""Write examples/data/iris.onnx: a scikit-learn MLPClassifier trained on iris (in its
own units, cm), exported by skl2onnx as a scikit-learn user would export it.

    .venv/bin/python examples/data/make_iris_onnx.py
"""

from pathlib import Path

import numpy as np
from skl2onnx import to_onnx
from sklearn.datasets import load_iris
from sklearn.neural_network import MLPClassifier

X, y = load_iris(return_X_y=True)
clf = MLPClassifier(hidden_layer_sizes=(5,), max_iter=3000, random_state=0).fit(X, y)
onnx_model = to_onnx(clf, X[:1].astype(np.float32), options={"zipmap": False})
out = Path(__file__).with_name("iris.onnx")
out.write_bytes(onnx_model.SerializeToString())
print(f"{out}: 4-5-3, {100 * clf.score(X, y):.1f} % of iris right (scikit-learn's score)")
