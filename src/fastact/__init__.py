"""fastact: compiled activation functions for NumPy.

    import fastact as fa
    y  = fa.sigmoid(x)                 # forward, same shape, float32 stays float32
    d  = fa.sigmoid.derivative(x)      # f'(x)
    dx = fa.sigmoid.backward(dy, x)    # dy * f'(x), fused
    dx = fa.sigmoid.backward(dy, y=y)  # from the forward output, where possible
    fa.leaky_relu(x, 0.2)              # parameters positionally (torch's order) or by name
    fa.get("relu"), fa.available(), fa.show_config()
    fa.kernels()                       # which C body serves each (activation, pass, dtype)
    fa.set_num_threads(2), fa.get_num_threads()   # threads for large arrays
    y  = fa.dropout(x, 0.5, seed=s)    # inverted dropout, Philox mask; fa.dropout.backward(dy, 0.5, seed=s)
    W = fa.init.he_normal((64, 128), rng=0)        # weight initialisers, torch's gains and fans
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import _config, _registry, _threadpool, _threads, init, reference, ufuncs  # noqa: F401 (public submodules)
from ._activation import Activation
from ._config import kernels, show_config
from ._dropout import dropout
from ._registry import available, get
from ._threads import get_num_threads, set_num_threads

_config.select_isa_from_environment()
_threads.threads_from_environment()
_threadpool.register()  # threadpoolctl, where installed, lists and limits the pool

# fa.sigmoid, fa.relu, ... and their aliases, straight from the table (type
# checkers and IDEs see them through __init__.pyi, generated from the same table).
globals().update(_registry.BY_NAME)

__all__ = ["Activation", "available", "dropout", "get", "get_num_threads", "init", "kernels",
           "set_num_threads",
           "show_config",
           *_registry.BY_NAME]
