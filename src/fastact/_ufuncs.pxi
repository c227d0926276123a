# NumPy ufuncs over the C kernels: the inner loops and make_ufunc, which
# fastact.ufuncs calls once per (row, pass) of the table. Included into
# _core.pyx, so that the loops run through the same dispatch table (the ISA
# chosen or forced) and thread pool as every other call.
#
# A ufunc's inputs are the arrays of the pass (x; or dy and x / y) followed by
# the row's parameters, each broadcast like any ufunc operand. Loops, in the
# order NumPy's type resolution tries them (the first whose inputs take the
# arguments by safe casting wins):
#   bool and every integer type -> float64, computed in float64 (as np.exp;
#       without these loops NumPy would send int8 to the float16 loop);
#   float16 -> float16, computed in float32 (parameters float32);
#   float32 -> float32 and float64 -> float64, native (parameters in the same type).
# Contiguous operands with broadcast (stride 0) parameters, the common case,
# go to the kernel in one call (threads included); anything else runs in short
# runs of at most _RUN elements sharing one set of parameters, gathered into
# contiguous buffers. Kernels give the same bits whatever the length and
# alignment of a run, so both give the activation's results.

from libc.string cimport memcpy, memcmp
from cpython.mem cimport PyMem_RawMalloc
from cpython.exc cimport PyErr_Clear, PyErr_Fetch, PyErr_Restore
from cpython.object cimport PyObject

cdef extern from "<fenv.h>" nogil:
    int FE_ALL_EXCEPT
    int feclearexcept(int excepts)

ctypedef void (*_ufunc_loop)(char **args, const cnp.npy_intp *dimensions,
                             const cnp.npy_intp *steps, void *data) noexcept nogil

cdef extern from "numpy/ufuncobject.h":
    ctypedef void (*_PyUFuncGenericFunction "PyUFuncGenericFunction")()
    # NumPy's PyUFunc_TypeResolutionFunc (as a pointer), over the struct's tag:
    # _PyUFuncObject below is the same C type, with the fields read here
    ctypedef struct _ufunc_tag "struct _tagPyUFuncObject"
    ctypedef int (*_type_resolver "PyUFunc_TypeResolutionFunc *")(
        _ufunc_tag *ufunc, cnp.NPY_CASTING casting, cnp.PyArrayObject **operands,
        PyObject *type_tup, cnp.PyArray_Descr **out_dtypes) except -1
    ctypedef struct _PyUFuncObject "PyUFuncObject":
        int nin
        const char *name
        _type_resolver type_resolver
    object _PyUFunc_FromFuncAndData "PyUFunc_FromFuncAndData"(
        _PyUFuncGenericFunction *func, void **data, char *types, int ntypes, int nin, int nout,
        int identity, const char *name, const char *doc, int unused)
    int PyUFunc_DefaultTypeResolver(_ufunc_tag *ufunc, cnp.NPY_CASTING casting,
                                    cnp.PyArrayObject **operands, PyObject *type_tup,
                                    cnp.PyArray_Descr **out_dtypes) noexcept

cnp.import_ufunc()

cdef enum:
    _RUN = 256  # elements per gathered run (three buffers of it on the stack)

ctypedef struct _loop_data:
    int kernel
    int pass_
    int n_arrays   # 1 (forward, derivative) or 2 (backward: dy and x or y)
    int n_params
    int in_type    # NumPy type number of the array inputs
    int out_type   # NumPy type number of the output


# The array input types, in resolution order, and what each computes in.
_INT_TYPES = (cnp.NPY_BOOL, cnp.NPY_BYTE, cnp.NPY_UBYTE, cnp.NPY_SHORT, cnp.NPY_USHORT,
              cnp.NPY_INT, cnp.NPY_UINT, cnp.NPY_LONG, cnp.NPY_ULONG, cnp.NPY_LONGLONG,
              cnp.NPY_ULONGLONG)
# (array input type, parameter and kernel type, output type)
_LOOP_TYPES = tuple((t, cnp.NPY_FLOAT64, cnp.NPY_FLOAT64) for t in _INT_TYPES) + (
    (cnp.NPY_FLOAT16, cnp.NPY_FLOAT32, cnp.NPY_FLOAT16),
    (cnp.NPY_FLOAT32, cnp.NPY_FLOAT32, cnp.NPY_FLOAT32),
    (cnp.NPY_FLOAT64, cnp.NPY_FLOAT64, cnp.NPY_FLOAT64),
)


cdef inline float _half_to_float(cnp.npy_uint16 h) noexcept nogil:
    """Exact (NaN payloads kept, as NumPy's npy_half_to_float)."""
    cdef cnp.npy_uint32 sign = (<cnp.npy_uint32>h & 0x8000u) << 16
    cdef cnp.npy_uint32 exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu, bits
    cdef float value
    if exponent == 0:  # zero or subnormal: mantissa * 2^-24, exact in float
        value = <float>mantissa * <float>5.9604644775390625e-08
        return -value if sign else value
    if exponent == 0x1f:
        bits = sign | 0x7f800000u | (mantissa << 13)
    else:
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13)
    memcpy(&value, &bits, 4)
    return value


cdef inline cnp.npy_uint16 _float_to_half(float f) noexcept nogil:
    """Round to nearest even, as NumPy's astype(float16); overflow gives inf,
    NaN stays NaN with the top of its payload (as npy_float_to_half)."""
    cdef cnp.npy_uint32 bits, f_exp, f_sig
    cdef cnp.npy_uint16 sign, h
    cdef float scaled
    memcpy(&bits, &f, 4)
    sign = <cnp.npy_uint16>((bits >> 16) & 0x8000u)
    f_exp = bits & 0x7f800000u
    f_sig = bits & 0x007fffffu
    if f_exp >= 0x47800000u:  # |f| >= 65536, inf or NaN
        if f_exp == 0x7f800000u and f_sig != 0:
            h = <cnp.npy_uint16>(0x7c00u + (f_sig >> 13))
            if h == 0x7c00u:
                h += 1
            return sign | h
        return sign | 0x7c00u
    if f_exp <= 0x38000000u:  # below 2^-14: a subnormal half or zero
        # |f| 2^24 < 1024 is exact; adding and taking away 2^23 rounds it to an
        # integer, ties to even (1024 is the smallest normal, bits 0x0400)
        scaled = (f if not sign else -f) * <float>16777216.0
        scaled = (scaled + <float>8388608.0) - <float>8388608.0
        return sign | <cnp.npy_uint16>scaled
    # normal: drop 13 mantissa bits, ties to even; a carry runs into the exponent
    if (f_sig & 0x3fffu) != 0x1000u:
        f_sig += 0x1000u
    h = <cnp.npy_uint16>(((f_exp - 0x38000000u) >> 13) + (f_sig >> 13))
    return sign | h


cdef inline void _gather(real *dst, const char *src, cnp.npy_intp step, cnp.npy_intp m,
                         int type_) noexcept nogil:
    """m elements of type_ at src (stride step) into dst, converted to real."""
    cdef cnp.npy_intp k
    if type_ == cnp.NPY_FLOAT32:
        for k in range(m):
            dst[k] = <real>(<const float *>(src + k * step))[0]
    elif type_ == cnp.NPY_FLOAT64:
        for k in range(m):
            dst[k] = <real>(<const double *>(src + k * step))[0]
    elif type_ == cnp.NPY_FLOAT16:
        for k in range(m):
            dst[k] = _half_to_float((<const cnp.npy_uint16 *>(src + k * step))[0])
    elif type_ == cnp.NPY_BOOL:
        for k in range(m):
            dst[k] = 1 if (<const cnp.npy_bool *>(src + k * step))[0] else 0
    elif type_ == cnp.NPY_BYTE:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_byte *>(src + k * step))[0]
    elif type_ == cnp.NPY_UBYTE:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_ubyte *>(src + k * step))[0]
    elif type_ == cnp.NPY_SHORT:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_short *>(src + k * step))[0]
    elif type_ == cnp.NPY_USHORT:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_ushort *>(src + k * step))[0]
    elif type_ == cnp.NPY_INT:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_int *>(src + k * step))[0]
    elif type_ == cnp.NPY_UINT:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_uint *>(src + k * step))[0]
    elif type_ == cnp.NPY_LONG:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_long *>(src + k * step))[0]
    elif type_ == cnp.NPY_ULONG:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_ulong *>(src + k * step))[0]
    elif type_ == cnp.NPY_LONGLONG:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_longlong *>(src + k * step))[0]
    elif type_ == cnp.NPY_ULONGLONG:
        for k in range(m):
            dst[k] = <real>(<const cnp.npy_ulonglong *>(src + k * step))[0]


cdef inline void _scatter(char *dst, cnp.npy_intp step, const real *src, cnp.npy_intp m,
                          int type_) noexcept nogil:
    """m results into the output (float16 rounded from float32; else the same type)."""
    cdef cnp.npy_intp k
    if type_ == cnp.NPY_FLOAT16:
        for k in range(m):
            (<cnp.npy_uint16 *>(dst + k * step))[0] = _float_to_half(<float>src[k])
    else:
        for k in range(m):
            (<real *>(dst + k * step))[0] = src[k]


cdef inline int _run_kernel(const _loop_data *d, const real *a, const real *b, real *out,
                            size_t n, const double *params) noexcept nogil:
    if real is float:
        return fa_run_f32(d.kernel, d.pass_, a, b, out, n, params)
    else:
        return fa_run_f64(d.kernel, d.pass_, a, b, out, n, params)


cdef inline void _loop(char **args, const cnp.npy_intp *dims, const cnp.npy_intp *steps,
                       const _loop_data *d, real *buffers) noexcept nogil:
    """The inner loop for kernels over real; buffers: 3 _RUN scratch arrays."""
    cdef cnp.npy_intp n = dims[0], i = 0, m, limit, size = sizeof(real)
    cdef int na = d.n_arrays, npar = d.n_params, j
    cdef char *out = args[na + npar]
    cdef cnp.npy_intp out_step = steps[na + npar]
    cdef double params[4]
    cdef const real *inputs[2]
    cdef real *target
    cdef int real_type = cnp.NPY_FLOAT32 if real is float else cnp.NPY_FLOAT64
    cdef bint in_native = d.in_type == real_type, out_native = d.out_type == real_type
    cdef bint fixed_params = True
    cdef bint contiguous = in_native and out_native and out_step == size
    if n <= 0:
        return
    params[0] = params[1] = params[2] = params[3] = 0.0
    for j in range(npar):
        fixed_params = fixed_params and steps[na + j] == 0
    for j in range(na):
        contiguous = contiguous and steps[j] == size
    inputs[1] = NULL
    if contiguous and fixed_params:
        for j in range(npar):
            params[j] = (<const real *>args[na + j])[0]
        inputs[0] = <const real *>args[0]
        if na == 2:
            inputs[1] = <const real *>args[1]
        _run_kernel(d, inputs[0], inputs[1], <real *>out, <size_t>n, params)
        return
    while i < n:
        limit = min(<cnp.npy_intp>_RUN, n - i)
        for j in range(npar):
            params[j] = (<const real *>(args[na + j] + i * steps[na + j]))[0]
        m = 1
        if fixed_params:
            m = limit
        else:  # the run ends where any parameter changes (bitwise: NaN equals NaN)
            while m < limit:
                for j in range(npar):
                    if memcmp(args[na + j] + (i + m) * steps[na + j],
                              args[na + j] + i * steps[na + j], size) != 0:
                        break
                else:
                    m += 1
                    continue
                break
        for j in range(na):
            if in_native and steps[j] == size:
                inputs[j] = <const real *>(args[j] + i * steps[j])
            else:
                _gather(buffers + j * _RUN, args[j] + i * steps[j], steps[j], m, d.in_type)
                inputs[j] = buffers + j * _RUN
        if out_native and out_step == size:
            target = <real *>(out + i * out_step)
        else:
            target = buffers + 2 * _RUN
        _run_kernel(d, inputs[0], inputs[1], target, <size_t>m, params)
        if target == buffers + 2 * _RUN:
            _scatter(out + i * out_step, out_step, target, m, d.out_type)
        i += m


cdef void _loop_f32(char **args, const cnp.npy_intp *dims, const cnp.npy_intp *steps,
                    void *data) noexcept nogil:
    cdef float buffers[3 * _RUN]
    _loop(args, dims, steps, <const _loop_data *>data, buffers)
    # The kernels' math may raise floating-point flags (e^x overflowing to inf
    # on the way to sigmoid's 0): the activation never warns, nor does the ufunc.
    feclearexcept(FE_ALL_EXCEPT)


cdef void _loop_f64(char **args, const cnp.npy_intp *dims, const cnp.npy_intp *steps,
                    void *data) noexcept nogil:
    cdef double buffers[3 * _RUN]
    _loop(args, dims, steps, <const _loop_data *>data, buffers)
    feclearexcept(FE_ALL_EXCEPT)


cdef str _unsupported(_PyUFuncObject *u, cnp.PyArrayObject **operands):
    """The error for the first input whose dtype no loop takes, or None."""
    cdef int i
    for i in range(u.nin):
        dtype = (<object><PyObject *>operands[i]).dtype
        if dtype.kind not in "biuf" or (dtype.kind == "f" and dtype.itemsize not in (2, 4, 8)):
            return (f"fastact.ufuncs.{u.name.decode()} does not support dtype {dtype} (kind "
                    f"{dtype.kind!r}); pass float16, float32, float64, bool or integer arrays")
    return None


cdef int _resolve_types(_ufunc_tag *ufunc, cnp.NPY_CASTING casting,
                        cnp.PyArrayObject **operands, PyObject *type_tup,
                        cnp.PyArray_Descr **out_dtypes) except -1:
    """NumPy's resolution over the loops above; when it finds none because an
    input's dtype has no loop (complex, object, strings, long double, ...), a
    TypeError that names that dtype, as the activations' own."""
    cdef int status = PyUFunc_DefaultTypeResolver(ufunc, casting, operands, type_tup, out_dtypes)
    cdef PyObject *kind
    cdef PyObject *value
    cdef PyObject *traceback
    if status != -1:
        return status
    PyErr_Fetch(&kind, &value, &traceback)  # NumPy's error, aside while we look
    message = _unsupported(<_PyUFuncObject *>ufunc, operands)
    PyErr_Restore(kind, value, traceback)
    if message is None:
        return -1
    PyErr_Clear()  # (an exception may not be built while one is set)
    raise TypeError(message)


cdef char *_keep(bytes text) except NULL:
    """A C copy of text that lives as long as the process (NumPy keeps the pointer)."""
    cdef size_t n = len(text)
    cdef char *copy = <char *>PyMem_RawMalloc(n + 1)
    if copy == NULL:
        raise MemoryError()
    memcpy(copy, <const char *>text, n)
    copy[n] = 0
    return copy


def make_ufunc(str name, str doc, int kernel, int pass_, int n_arrays, int n_params):
    """A numpy.ufunc running the kernel's pass: inputs the n_arrays arrays, then
    the n_params parameters; one output. Its loops and names live for the
    process (a ufunc cannot be freed safely while NumPy may still use it)."""
    if n_arrays not in (1, 2) or not 0 <= n_params <= FA_MAX_PARAMS:
        raise ValueError(f"make_ufunc: {n_arrays} arrays and {n_params} parameters")
    cdef int n_loops = len(_LOOP_TYPES), nin = n_arrays + n_params, k, j
    cdef _PyUFuncGenericFunction *funcs = <_PyUFuncGenericFunction *>PyMem_RawMalloc(
        n_loops * sizeof(_PyUFuncGenericFunction))
    cdef void **data = <void **>PyMem_RawMalloc(n_loops * sizeof(void *))
    cdef _loop_data *loops = <_loop_data *>PyMem_RawMalloc(n_loops * sizeof(_loop_data))
    cdef char *types = <char *>PyMem_RawMalloc(n_loops * (nin + 1))
    if funcs == NULL or data == NULL or loops == NULL or types == NULL:
        raise MemoryError()
    for k, (in_type, compute_type, out_type) in enumerate(_LOOP_TYPES):
        loops[k].kernel = kernel
        loops[k].pass_ = pass_
        loops[k].n_arrays = n_arrays
        loops[k].n_params = n_params
        loops[k].in_type = in_type
        loops[k].out_type = out_type
        data[k] = &loops[k]
        funcs[k] = <_PyUFuncGenericFunction>(_loop_f32 if compute_type == cnp.NPY_FLOAT32
                                             else _loop_f64)
        for j in range(nin + 1):
            types[k * (nin + 1) + j] = (in_type if j < n_arrays else
                                        compute_type if j < nin else out_type)
    ufunc = _PyUFunc_FromFuncAndData(funcs, data, types, n_loops, nin, 1, cnp.PyUFunc_None,
                                     _keep(name.encode()), _keep(doc.encode()), 0)
    (<_PyUFuncObject *><PyObject *>ufunc).type_resolver = _resolve_types
    return ufunc
