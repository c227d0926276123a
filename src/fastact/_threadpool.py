"""threadpoolctl sees and limits fastact's thread pool, through its custom
controller API: threadpoolctl finds loaded libraries by file name and checks
for a symbol; fastact's extension exports fastact_threadpool_get_num_threads
and _set_ (csrc/threads.c), which the controller calls through ctypes. So
``threadpool_info()`` lists fastact and ``threadpool_limits(1)`` (what joblib,
scikit-learn and Dask workers use against oversubscription) limits it."""

from __future__ import annotations

import importlib.util


def register() -> bool:
    """Register the controller when threadpoolctl is installed; False otherwise."""
    if importlib.util.find_spec("threadpoolctl") is None:
        return False
    import threadpoolctl

    from . import __version__

    class FastactController(threadpoolctl.LibController):
        user_api = "fastact"
        internal_api = "fastact"
        filename_prefixes = ("_core",)  # the extension, fastact/_core.<tag>.so / .pyd
        check_symbols = ("fastact_threadpool_get_num_threads",)

        def get_num_threads(self) -> int | None:
            get = getattr(self.dynlib, "fastact_threadpool_get_num_threads", None)
            return None if get is None else int(get())

        def set_num_threads(self, num_threads: int) -> None:
            self.dynlib.fastact_threadpool_set_num_threads(int(num_threads))

        def get_version(self) -> str:
            return __version__

    threadpoolctl.register(FastactController)
    return True
