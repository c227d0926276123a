# The common call, with none of the general machinery: plain float32/float64
# ndarrays of one shape, default parameters, out= absent or a plain array of the
# same shape. Included into _core.pyx (one module, so one C dispatch state).
#
# At n = 8 a call is all overhead: np.tanh(x) takes about 0.27 us. Typed
# memoryviews cost about 0.15 us each to acquire and np.empty from Python about
# 0.17 us, so this path reads the array structs through NumPy's C API instead,
# and the Python-level class (fastact._activation.Activation) only sees the
# calls this path declines.

cimport numpy as cnp

cnp.import_array()

# Below this many elements a kernel takes well under a microsecond: holding the
# GIL through it costs other threads less than releasing and taking it back.
cdef enum:
    GIL_RELEASE_MIN = 4096


cdef inline bint _plain(cnp.ndarray a, int typenum) noexcept:
    """A native-endian, aligned, C-contiguous array of this type number."""
    return (cnp.PyArray_TYPE(a) == typenum and cnp.PyArray_IS_C_CONTIGUOUS(a)
            and cnp.PyArray_ISALIGNED(a) and cnp.PyArray_ISNOTSWAPPED(a))


cdef inline bint _same_shape(cnp.ndarray a, cnp.ndarray b) noexcept:
    cdef int ndim = cnp.PyArray_NDIM(a), i
    if cnp.PyArray_NDIM(b) != ndim:
        return False
    for i in range(ndim):
        if cnp.PyArray_DIM(a, i) != cnp.PyArray_DIM(b, i):
            return False
    return True


cdef inline bint _overlap_not_identical(cnp.ndarray out, cnp.ndarray a) noexcept:
    """out shares memory with a without being exactly a's elements (which the C
    driver handles): the general path then works through a temporary."""
    cdef char *o = <char *>cnp.PyArray_DATA(out)
    cdef char *p = <char *>cnp.PyArray_DATA(a)
    if o == p:
        return False
    return o < p + cnp.PyArray_NBYTES(a) and p < o + cnp.PyArray_NBYTES(out)


cdef object _run_plain(int kernel, int pass_, object a_obj, object b_obj, object out_obj,
                       const double *params):
    """Run the kernel and return the result (a NumPy scalar for 0-d input without
    out=, as NumPy does), or None when the arguments are not the plain case."""
    if type(a_obj) is not cnp.ndarray:
        return None
    cdef cnp.ndarray a = <cnp.ndarray>a_obj, b = None, out
    cdef int typenum = cnp.PyArray_TYPE(a)
    if typenum != cnp.NPY_FLOAT32 and typenum != cnp.NPY_FLOAT64:
        return None
    if not _plain(a, typenum):
        return None
    if b_obj is not None:
        if type(b_obj) is not cnp.ndarray:
            return None
        b = <cnp.ndarray>b_obj
        if not _plain(b, typenum) or not _same_shape(a, b):
            return None
    if out_obj is None:
        out = cnp.PyArray_EMPTY(cnp.PyArray_NDIM(a), cnp.PyArray_DIMS(a), typenum, 0)
    else:
        if type(out_obj) is not cnp.ndarray:
            return None
        out = <cnp.ndarray>out_obj
        if (not _plain(out, typenum) or not _same_shape(a, out)
                or not cnp.PyArray_ISWRITEABLE(out) or _overlap_not_identical(out, a)
                or (b is not None and _overlap_not_identical(out, b))):
            return None
    cdef size_t n = <size_t>cnp.PyArray_SIZE(a)
    cdef void *pa = cnp.PyArray_DATA(a)
    cdef void *pb = cnp.PyArray_DATA(b) if b is not None else NULL
    cdef void *po = cnp.PyArray_DATA(out)
    cdef int status = 0
    if n > 0:
        if n >= GIL_RELEASE_MIN:
            with nogil:
                status = _run_typed(typenum, kernel, pass_, pa, pb, po, n, params)
        else:
            status = _run_typed(typenum, kernel, pass_, pa, pb, po, n, params)
    if status != 0:
        _fail(kernel, pass_)
    if out_obj is None and cnp.PyArray_NDIM(out) == 0:
        return cnp.PyArray_ToScalar(po, out)
    return out


cdef inline bint _overlap(cnp.ndarray a, cnp.ndarray b) noexcept:
    """a and b share any memory (the along-axis kernels read a row after they
    began writing its result, so out may not even be the input itself)."""
    cdef char *p = <char *>cnp.PyArray_DATA(a)
    cdef char *q = <char *>cnp.PyArray_DATA(b)
    return p < q + cnp.PyArray_NBYTES(b) and q < p + cnp.PyArray_NBYTES(a)


def plain_last_axis(int op, object a_obj, object b_obj, object out_obj=None):
    """softmax-family op along the last axis of plain arrays (as _run_plain:
    float32/float64, C-contiguous, aligned, native order; b, if given, of a's
    shape and type; at least one dimension) into a new array, or into out_obj:
    a plain writeable array of a's shape and type sharing no memory with a or
    b; None when the arguments are not that case. A small softmax paid ~10 us
    in the general Python path, 27x np.tanh's call (and ~5 us with out=)."""
    if type(a_obj) is not cnp.ndarray:
        return None
    cdef cnp.ndarray a = <cnp.ndarray>a_obj, b = None, out
    cdef int typenum = cnp.PyArray_TYPE(a), ndim = cnp.PyArray_NDIM(a)
    if (typenum != cnp.NPY_FLOAT32 and typenum != cnp.NPY_FLOAT64) or ndim == 0:
        return None
    if not _plain(a, typenum):
        return None
    if b_obj is not None:
        if type(b_obj) is not cnp.ndarray:
            return None
        b = <cnp.ndarray>b_obj
        if not _plain(b, typenum) or not _same_shape(a, b):
            return None
    if out_obj is None:
        out = cnp.PyArray_EMPTY(ndim, cnp.PyArray_DIMS(a), typenum, 0)
    else:
        if type(out_obj) is not cnp.ndarray:
            return None
        out = <cnp.ndarray>out_obj
        if (not _plain(out, typenum) or not _same_shape(a, out)
                or not cnp.PyArray_ISWRITEABLE(out) or _overlap(out, a)
                or (b is not None and _overlap(out, b))):
            return None
    cdef size_t size = <size_t>cnp.PyArray_SIZE(a), n = <size_t>cnp.PyArray_DIM(a, ndim - 1)
    if size == 0:
        return out
    cdef void *pa = cnp.PyArray_DATA(a)
    cdef void *pb = cnp.PyArray_DATA(b) if b is not None else NULL
    cdef void *po = cnp.PyArray_DATA(out)
    cdef int status = 0
    if size >= GIL_RELEASE_MIN:
        with nogil:
            status = _run_axis_typed(typenum, op, pa, pb, po, size // n, n)
    else:
        status = _run_axis_typed(typenum, op, pa, pb, po, size // n, n)
    _status(status)
    return out


cdef inline int _run_axis_typed(int typenum, int op, void *a, void *b, void *out,
                                size_t outer, size_t n) noexcept nogil:
    if typenum == cnp.NPY_FLOAT32:
        return fa_run_axis_f32(op, <const float *>a, <const float *>b, <float *>out, outer, n, 1)
    return fa_run_axis_f64(op, <const double *>a, <const double *>b, <double *>out, outer, n, 1)


cdef inline int _run_typed(int typenum, int kernel, int pass_, void *a, void *b, void *out,
                           size_t n, const double *params) noexcept nogil:
    if typenum == cnp.NPY_FLOAT32:
        return fa_run_f32(kernel, pass_, <const float *>a, <const float *>b, <float *>out, n, params)
    return fa_run_f64(kernel, pass_, <const double *>a, <const double *>b, <double *>out, n, params)


cdef class ElementwiseCalls:
    """The passes of an elementwise activation, tried first on the plain case.

    A subclass (fastact._activation.Activation) provides the general path:
    _general(pass_index, inputs, out, params) and _backward_general(dy, x, out,
    y, params), and _positional(caller, args, params), which folds parameters
    given positionally into params (with the errors for too many or doubled
    ones). set_plain_case tells this class the kernel and parameters the
    default call uses. derivative and backward are made by derivative_pass()
    and backward_pass() below, one function object per activation class, so
    that each can carry its own signature.
    """

    cdef int _kernel
    cdef bint _y_allowed
    cdef double _params[4]

    def set_plain_case(self, int kernel, tuple params, bint y_allowed):
        """Kernel index and (padded) parameters of a call without keywords, and
        whether backward from y is allowed with them."""
        cdef int i
        if len(params) != 4:
            raise ValueError("set_plain_case needs the 4 padded parameters")
        self._kernel = kernel
        self._y_allowed = y_allowed
        for i in range(4):
            self._params[i] = params[i]

    def __call__(self, x, *args, out=None, **params):
        if not args and not params:
            result = _run_plain(self._kernel, FA_FORWARD, x, None, out, self._params)
            if result is not None:
                return result
        elif args:
            params = self._positional("", args, params)
        return self._general(FA_FORWARD, (x,), out, params)


def derivative_pass():
    """A new function object for Activation.derivative (see ElementwiseCalls)."""
    def derivative(ElementwiseCalls self, x, *args, out=None, **params):
        """f'(x), elementwise (the formula is in the activation's docstring)."""
        if not args and not params:
            result = _run_plain(self._kernel, FA_DERIVATIVE, x, None, out, self._params)
            if result is not None:
                return result
        elif args:
            params = self._positional(".derivative", args, params)
        return self._general(FA_DERIVATIVE, (x,), out, params)
    return derivative


def backward_pass():
    """A new function object for Activation.backward (see ElementwiseCalls)."""
    def backward(ElementwiseCalls self, dy, x=None, *args, out=None, y=None, **params):
        """dy * f'(x) in one pass; give x, or y = f(x) where the function allows it."""
        result = None
        if not args and not params:
            if y is None and x is not None:
                result = _run_plain(self._kernel, FA_BACKWARD_X, dy, x, out, self._params)
            elif x is None and y is not None and self._y_allowed:
                result = _run_plain(self._kernel, FA_BACKWARD_Y, dy, y, out, self._params)
            if result is not None:
                return result
        elif args:
            params = self._positional(".backward", args, params)
        return self._backward_general(dy, x, out, y, params)
    return backward
