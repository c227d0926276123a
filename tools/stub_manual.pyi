# The hand-written part of fastact's stubs: API that is not a row of the
# elementwise table. tools/gen_stubs.py copies everything below the marker line
# into src/fastact/__init__.pyi; names listed in EXPORTS go into __all__.
# Adding an API, say: its def here and its name on the EXPORTS line.
# The classes of the axis and channel rows are here too: their signatures are
# compared with the runtime's by tests/test_typing.py.
#
# EXPORTS: Activation available dropout get get_num_threads init kernels set_num_threads show_config
# ---- stub text below ----
class Activation:
    """An elementwise activation: calling it is the forward pass."""

    name: str
    spec: Spec
    def __call__(self, x: ArrayLike, /, *params: float, out: NDArray[Any] | None = None,
                 **named: float | str | bool) -> Any: ...
    def derivative(self, x: ArrayLike, /, *params: float, out: NDArray[Any] | None = None,
                   **named: float | str | bool) -> Any: ...
    def backward(self, dy: ArrayLike, x: ArrayLike | None = None, /, *params: float,
                 out: NDArray[Any] | None = None, y: ArrayLike | None = None,
                 **named: float | str | bool) -> Any: ...

class _AxisActivation:
    """softmax, log_softmax: along an axis."""

    name: str
    spec: Spec
    def __call__(self, x: ArrayLike, axis: int | tuple[int, ...] | None = -1,
                 out: NDArray[Any] | None = None, *, where: ArrayLike | None = None,
                 dim: Any = None) -> Any: ...
    def derivative(self, x: ArrayLike, axis: int | tuple[int, ...] | None = -1, *,
                   where: ArrayLike | None = None, dim: Any = None) -> Any: ...
    def backward(self, dy: ArrayLike, x: ArrayLike | None = None, out: NDArray[Any] | None = None,
                 *, y: ArrayLike | None = None, axis: int | tuple[int, ...] | None = -1,
                 where: ArrayLike | None = None, dim: Any = None) -> Any: ...

class _PReLU:
    """prelu: one slope per channel."""

    name: str
    spec: Spec
    def __call__(self, x: ArrayLike, alpha: ArrayLike, axis: int = -1,
                 out: NDArray[Any] | None = None) -> Any: ...
    def derivative(self, x: ArrayLike, alpha: ArrayLike, axis: int = -1,
                   out: NDArray[Any] | None = None) -> Any: ...
    def backward(self, dy: ArrayLike, x: ArrayLike, alpha: ArrayLike, axis: int = -1,
                 out: NDArray[Any] | None = None) -> tuple[Any, Any]: ...

_AnyActivation = Union[Activation, _AxisActivation, _PReLU]
_ActivationT = TypeVar("_ActivationT", Activation, _AxisActivation, _PReLU)

def available() -> list[str]:
    """Every name fastact.get accepts, aliases included, sorted."""

def show_config() -> dict[str, Any]:
    """Print and return the version, ISA in use and compiled, threads."""

def kernels(isa: str | None = None) -> list[dict[str, str]]:
    """Which C body serves each (activation, pass, dtype) on a variant."""

class _Dropout:
    """Inverted dropout with a Philox4x32-10 mask drawn from (seed, index)."""

    name: str
    def __call__(self, x: ArrayLike, p: float, *, seed: int | np.random.Generator,
                 training: bool = True, out: NDArray[Any] | None = None) -> Any: ...
    def backward(self, dy: ArrayLike, p: float, *, seed: int,
                 out: NDArray[Any] | None = None) -> Any: ...
    def mask(self, shape: int | tuple[int, ...], p: float, *, seed: int) -> NDArray[np.bool_]: ...
    def apply(self, x: ArrayLike, mask: ArrayLike, p: float,
              out: NDArray[Any] | None = None) -> Any: ...
    @staticmethod
    def new_seed(rng: np.random.Generator | int | None = None) -> int: ...

dropout: _Dropout

from . import init as init

def set_num_threads(n: int) -> None:
    """Split large calls (at least 2 x 32768 elements) across n threads."""

def get_num_threads() -> int:
    """The thread count large calls use."""
