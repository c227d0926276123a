"""fastact: compiled activation functions for NumPy.

    import fastact as fa
    y  = fa.sigmoid(x)                 # forward, same shape, float32 stays float32
    d  = fa.sigmoid.derivative(x)      # f'(x)
    dx = fa.sigmoid.backward(dy, x)    # dy * f'(x), fused
    dx = fa.sigmoid.backward(dy, y=y)  # from the forward output, where possible
    fa.get("relu"), fa.available(), fa.show_config()
    fa.set_num_threads(2), fa.get_num_threads()   # threads for large arrays
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import _config, _registry, _threadpool, _threads, reference, ufuncs
from ._activation import Activation
from ._config import show_config
from ._registry import available, get
from ._threads import get_num_threads, set_num_threads

_config.select_isa_from_environment()
_threads.threads_from_environment()
_threadpool.register()  # threadpoolctl, where installed, lists and limits the pool

# fa.sigmoid, fa.relu, ... and their aliases, straight from the table.
globals().update(_registry.BY_NAME)

__all__ = ["Activation", "available", "get", "get_num_threads", "set_num_threads", "show_config",
           *_registry.BY_NAME]
