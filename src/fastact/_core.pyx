# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled core: runs a C kernel over flat contiguous memoryviews.

Nothing here knows about parameter names; the Python layer (fastact._apply)
prepares 1-D contiguous views and the parameter values, this module checks
lengths and calls the kernel without the GIL. The one exception is the plain
call (_fastpath.pxi), which reads NumPy's array structs itself.
"""

cdef extern from "fastact.h" nogil:
    int FA_N_ACTIVATIONS
    int FA_N_PASSES
    int FA_MAX_PARAMS
    enum: FA_N_ISAS  # the rows of csrc/isa_list.h (a constant: sweep_f32 sizes an array by it)
    int FA_FORWARD, FA_DERIVATIVE, FA_BACKWARD_X, FA_BACKWARD_Y
    const char *fa_isa_name(int isa)
    const char *fa_baseline_target()
    int fa_isa_compiled(int isa)
    int fa_isa_supported(int isa)
    int fa_best_isa()
    int fa_current_isa()
    int fa_select_isa(int isa)
    const char *fa_kernel_body(int isa, int f64, int activation, int pass_)
    const char *fa_axis_kernel_body(int isa, int f64, int op)
    int fa_simd_op_selftest(int isa, char *failed, size_t size)
    int fa_simd_scalar_op_selftest(char *failed, size_t size)
    double fa_scalar_soft_fma(double a, double b, double c)
    float fa_scalar_soft_fmaf(float a, float b, float c)
    int fa_simd_sse2_op_selftest(char *failed, size_t size)
    double fa_sse2_fma(double a, double b, double c)
    float fa_sse2_fmaf(float a, float b, float c)
    int fa_set_num_threads(int n)
    int fa_get_num_threads()
    size_t fa_set_stream_min_bytes(size_t bytes)
    int fa_run_f32(int activation, int pass_, const float *a, const float *b,
                   float *out, size_t n, const double *params)
    int fa_run_f64(int activation, int pass_, const double *a, const double *b,
                   double *out, size_t n, const double *params)
    int FA_SOFTMAX, FA_LOG_SOFTMAX, FA_SOFTMAX_BACKWARD_Y, FA_LOG_SOFTMAX_BACKWARD_Y
    int fa_run_axis_f32(int op, const float *a, const float *b, float *out,
                        size_t outer, size_t n, size_t inner)
    int fa_run_axis_f64(int op, const double *a, const double *b, double *out,
                        size_t outer, size_t n, size_t inner)
    int fa_run_prelu_f32(int pass_, const float *x, const float *alpha, float *out,
                         size_t outer, size_t channels, size_t inner)
    int fa_run_prelu_f64(int pass_, const double *x, const double *alpha, double *out,
                         size_t outer, size_t channels, size_t inner)
    int fa_run_prelu_backward_f32(const float *dy, const float *x, const float *alpha, float *dx,
                                  double *dalpha, size_t outer, size_t channels, size_t inner)
    int fa_run_prelu_backward_f64(const double *dy, const double *x, const double *alpha,
                                  double *dx, double *dalpha, size_t outer, size_t channels,
                                  size_t inner)

ctypedef fused real:
    float
    double

N_ACTIVATIONS = FA_N_ACTIVATIONS
N_PASSES = FA_N_PASSES
MAX_PARAMS = FA_MAX_PARAMS
ISA_NAMES = tuple(fa_isa_name(i).decode() for i in range(FA_N_ISAS))

# run_f32/run_f64 take the parameters as four C doubles (cheaper than an array).
if FA_MAX_PARAMS != 4:
    raise ImportError(f"fastact._core expects FA_MAX_PARAMS == 4, the table says {FA_MAX_PARAMS}")


def isas_compiled():
    """Names of the instruction-set variants built into this module."""
    return tuple(ISA_NAMES[i] for i in range(FA_N_ISAS) if fa_isa_compiled(i))


def isas_supported():
    """Names of the compiled variants this CPU and OS can run."""
    return tuple(ISA_NAMES[i] for i in range(FA_N_ISAS) if fa_isa_supported(i))


def baseline_target():
    """What the baseline variant is compiled for here (e.g. NEON on aarch64)."""
    return fa_baseline_target().decode()


def best_isa():
    return ISA_NAMES[fa_best_isa()]


def current_isa():
    cdef int isa = fa_current_isa()
    return ISA_NAMES[isa] if isa >= 0 else None


def kernel_body(str isa, int f64, int activation, int pass_):
    """The body variant isa runs for (activation, pass) in float64 (f64=1) or
    float32 (0), as csrc/ names it; None where there is none."""
    cdef const char *body = fa_kernel_body(ISA_NAMES.index(isa), f64, activation, pass_)
    return None if body == NULL else body.decode()


def axis_kernel_body(str isa, int f64, int op):
    """kernel_body for the axis ops (0 softmax, 1 log_softmax, 2 and 3 their
    backward passes from y)."""
    cdef const char *body = fa_axis_kernel_body(ISA_NAMES.index(isa), f64, op)
    return None if body == NULL else body.decode()


cdef list _failed_ops(const char *failed, int count):
    """The op names a self-test wrote (space separated), and how many it could not."""
    names = failed.decode().split()
    if count and len(names) < count:
        names.append(f"... ({count - len(names)} more)")
    return names


def simd_op_selftest(str isa):
    """Run variant isa's vector op conformance test (csrc/simd/op_selftest.h):
    the names of the ops that broke their contract ([] when none), or None
    where the variant has no vector layer."""
    cdef char failed[2048]
    cdef int count = fa_simd_op_selftest(ISA_NAMES.index(isa), failed, sizeof(failed))
    if count < 0:
        return None
    return _failed_ops(failed, count)


def scalar_op_selftest():
    """simd_op_selftest over the one-lane layer csrc/simd/scalar.h (compiled for
    the baseline target whatever the variants): the ops that broke their contract."""
    cdef char failed[2048]
    cdef int count = fa_simd_scalar_op_selftest(failed, sizeof(failed))
    return _failed_ops(failed, count)


def sse2_op_selftest():
    """simd_op_selftest over csrc/simd/sse2.h (compiled for x86-64's baseline
    whatever the variants): the ops that broke their contract, or None where
    the build is not for x86-64."""
    cdef char failed[2048]
    cdef int count = fa_simd_sse2_op_selftest(failed, sizeof(failed))
    if count < 0:
        return None
    return _failed_ops(failed, count)


def sse2_fma(double a, double b, double c, bint f32=False):
    """a*b + c by sse2.h's fused op (lane 0): float64 rounded once, float32
    through double (rounded twice: see csrc/simd/sse2.h)."""
    if f32:
        return fa_sse2_fmaf(<float>a, <float>b, <float>c)
    return fa_sse2_fma(a, b, c)


def scalar_soft_fma(double a, double b, double c, bint f32=False):
    """a*b + c rounded once by scalar.h's exact integer emulation (its fused ops
    where the target has no FMA), in float64, or float32 when f32."""
    if f32:
        return fa_scalar_soft_fmaf(<float>a, <float>b, <float>c)
    return fa_scalar_soft_fma(a, b, c)


def select_isa(str name):
    """Use the named variant for every later call. ValueError if it cannot run here."""
    if name not in ISA_NAMES:
        raise ValueError(f"unknown instruction set {name!r}; expected one of {ISA_NAMES}")
    cdef int isa = ISA_NAMES.index(name)
    if not fa_isa_compiled(isa):
        raise ValueError(f"instruction set {name!r} is not compiled into this build "
                         f"(compiled: {', '.join(isas_compiled())})")
    if fa_select_isa(isa) != 0:
        raise ValueError(f"this CPU cannot run instruction set {name!r} "
                         f"(supported here: {', '.join(isas_supported())})")


cdef extern from "threads.h" nogil:
    int FA_MAX_THREADS
    unsigned long fa_worker_ranges()

MAX_THREADS = FA_MAX_THREADS


def set_num_threads(int n):
    """Threads for later large calls (clamped to 1..MAX_THREADS); returns the value kept."""
    return fa_set_num_threads(n)


def get_num_threads():
    return fa_get_num_threads()


def worker_ranges():
    """Ranges run by pool workers so far in this process (for the tests)."""
    return fa_worker_ranges()


def set_stream_min_bytes(size_t n):
    """Outputs of at least n bytes (not in place) are written with streaming
    stores; returns the previous threshold. For the tests, which lower it to
    reach that path with small arrays; not while other threads run kernels."""
    return fa_set_stream_min_bytes(n)


cdef extern from "sweep.h" nogil:
    ctypedef struct fa_sweep_worst:
        double max_ulp
        unsigned int max_at
        double normal_max_ulp
        unsigned int normal_at
        unsigned long long count
    int fa_sweep_f32(int activation, int pass_, const double *params, unsigned long long first,
                     unsigned long long last, unsigned long long stride, const double *zeros,
                     int n_zeros, fa_sweep_worst *worst)


def sweep_f32(int activation, int pass_, tuple params, unsigned long long first,
              unsigned long long last, unsigned long long stride, tuple zeros=()):
    """Max ULP error of every ISA's float32 kernel (forward or derivative) over the
    float32 bit patterns first, first+stride, ... < last, against the float64
    kernel. Returns {isa: (max_ulp, at_bits, normal_max_ulp, normal_at_bits, count)}
    for the ISAs this CPU runs (see csrc/sweep.h)."""
    cdef double p[4]
    cdef double z[8]
    cdef fa_sweep_worst worst[FA_N_ISAS]
    cdef int status, i
    if len(params) != 4 or len(zeros) > 8:
        raise ValueError("sweep_f32 needs 4 parameters and at most 8 zeros")
    for i in range(4):
        p[i] = params[i]
    for i in range(len(zeros)):
        z[i] = zeros[i]
    cdef int n_zeros = len(zeros)
    with nogil:
        status = fa_sweep_f32(activation, pass_, p, first, last, stride, z, n_zeros, worst)
    _status(status)
    return {ISA_NAMES[i]: (worst[i].max_ulp, worst[i].max_at, worst[i].normal_max_ulp,
                           worst[i].normal_at, worst[i].count)
            for i in range(FA_N_ISAS) if fa_isa_supported(i)}


cdef inline void _fill(double *p, double p0, double p1, double p2, double p3) noexcept nogil:
    p[0] = p0
    p[1] = p1
    p[2] = p2
    p[3] = p3


cdef inline int _check(Py_ssize_t n_out, Py_ssize_t n_a, Py_ssize_t n_b) except -1:
    if n_out != n_a or n_out != n_b:
        raise ValueError(f"length mismatch: out {n_out}, inputs {n_a} and {n_b}")
    return 0


cdef inline int _fail(int activation, int pass_) except -1:
    raise ValueError(f"no kernel for activation {activation}, pass {pass_}")


def run_f32(int activation, int pass_, const float[::1] a, const float[::1] b,
            float[::1] out, double p0=0.0, double p1=0.0, double p2=0.0, double p3=0.0):
    """out = kernel(a[, b]) over float32; b is None for forward and derivative."""
    cdef double params[4]
    cdef const float *b_ptr = NULL
    cdef int status
    _fill(params, p0, p1, p2, p3)
    _check(out.shape[0], a.shape[0], a.shape[0] if b is None else b.shape[0])
    if b is not None and b.shape[0] > 0:
        b_ptr = &b[0]
    if out.shape[0] == 0:
        return
    with nogil:
        status = fa_run_f32(activation, pass_, &a[0], b_ptr, &out[0], <size_t>out.shape[0], params)
    if status != 0:
        _fail(activation, pass_)


def run_f64(int activation, int pass_, const double[::1] a, const double[::1] b,
            double[::1] out, double p0=0.0, double p1=0.0, double p2=0.0, double p3=0.0):
    """out = kernel(a[, b]) over float64; b is None for forward and derivative."""
    cdef double params[4]
    cdef const double *b_ptr = NULL
    cdef int status
    _fill(params, p0, p1, p2, p3)
    _check(out.shape[0], a.shape[0], a.shape[0] if b is None else b.shape[0])
    if b is not None and b.shape[0] > 0:
        b_ptr = &b[0]
    if out.shape[0] == 0:
        return
    with nogil:
        status = fa_run_f64(activation, pass_, &a[0], b_ptr, &out[0], <size_t>out.shape[0], params)
    if status != 0:
        _fail(activation, pass_)


# ---- along an axis: (outer, n, inner) C-contiguous blocks, flattened -----------

AXIS_OPS = {
    "softmax": FA_SOFTMAX,
    "log_softmax": FA_LOG_SOFTMAX,
    "softmax_backward_y": FA_SOFTMAX_BACKWARD_Y,
    "log_softmax_backward_y": FA_LOG_SOFTMAX_BACKWARD_Y,
}


cdef inline int _check_block(Py_ssize_t size, Py_ssize_t outer, Py_ssize_t n,
                             Py_ssize_t inner, str what) except -1:
    if outer < 0 or n < 0 or inner < 0 or size != outer * n * inner:
        raise ValueError(f"{what} has {size} elements, not {outer} x {n} x {inner}")
    return 0


cdef inline int _status(int status) except -1:
    if status == -2:
        raise MemoryError("fastact: no memory for the kernel's scratch space")
    if status != 0:
        raise ValueError("fastact: no such kernel")
    return 0


def run_axis(int op, const real[::1] a, const real[::1] b, real[::1] out,
             Py_ssize_t outer, Py_ssize_t n, Py_ssize_t inner):
    """out = op(a[, b]) along the middle axis of (outer, n, inner) blocks."""
    cdef const real *b_ptr = NULL
    cdef int status = 0
    _check_block(a.shape[0], outer, n, inner, "input")
    _check_block(out.shape[0], outer, n, inner, "out")
    if b is not None:
        _check_block(b.shape[0], outer, n, inner, "second input")
        if b.shape[0] > 0:
            b_ptr = &b[0]
    if out.shape[0] == 0:
        return
    with nogil:
        if real is float:
            status = fa_run_axis_f32(op, &a[0], b_ptr, &out[0], outer, n, inner)
        else:
            status = fa_run_axis_f64(op, &a[0], b_ptr, &out[0], outer, n, inner)
    _status(status)


def run_prelu(int pass_, const real[::1] x, const real[::1] alpha, real[::1] out,
              Py_ssize_t outer, Py_ssize_t channels, Py_ssize_t inner):
    """PReLU forward (pass_ 0) or derivative (pass_ 1) on (outer, channels, inner) blocks."""
    cdef int status = 0
    _check_block(x.shape[0], outer, channels, inner, "x")
    _check_block(out.shape[0], outer, channels, inner, "out")
    if alpha.shape[0] != channels:
        raise ValueError(f"alpha has {alpha.shape[0]} values for {channels} channels")
    if out.shape[0] == 0:
        return
    with nogil:
        if real is float:
            status = fa_run_prelu_f32(pass_, &x[0], &alpha[0], &out[0], outer, channels, inner)
        else:
            status = fa_run_prelu_f64(pass_, &x[0], &alpha[0], &out[0], outer, channels, inner)
    _status(status)


def run_prelu_backward(const real[::1] dy, const real[::1] x, const real[::1] alpha,
                       real[::1] dx, double[::1] dalpha,
                       Py_ssize_t outer, Py_ssize_t channels, Py_ssize_t inner):
    """dx = dy * prelu'(x) and dalpha (float64, one per channel)."""
    cdef int status = 0
    _check_block(dy.shape[0], outer, channels, inner, "dy")
    _check_block(x.shape[0], outer, channels, inner, "x")
    _check_block(dx.shape[0], outer, channels, inner, "dx")
    if alpha.shape[0] != channels or dalpha.shape[0] != channels:
        raise ValueError(f"alpha and dalpha need {channels} values")
    if channels == 0:
        return
    if dx.shape[0] == 0:
        dalpha[:] = 0.0
        return
    with nogil:
        if real is float:
            status = fa_run_prelu_backward_f32(&dy[0], &x[0], &alpha[0], &dx[0], &dalpha[0],
                                               outer, channels, inner)
        else:
            status = fa_run_prelu_backward_f64(&dy[0], &x[0], &alpha[0], &dx[0], &dalpha[0],
                                               outer, channels, inner)
    _status(status)


# ---- dropout: Philox4x32-10 keep masks (csrc/kernels/dropout.c) -----------------

from libc.stdint cimport uint32_t, uint64_t

cdef extern from "fastact.h" nogil:
    int FA_DROPOUT_GROUP
    int fa_run_dropout_f32(const float *x, float *out, size_t n, uint32_t key0, uint32_t key1,
                           uint64_t threshold, float scale)
    int fa_run_dropout_f64(const double *x, double *out, size_t n, uint32_t key0,
                           uint32_t key1, uint64_t threshold, double scale)
    int fa_run_dropout_mask(unsigned char *out, size_t n, uint32_t key0, uint32_t key1,
                            uint64_t threshold)
    void fa_philox4x32_10(const uint32_t *counter, const uint32_t *key, uint32_t *out)

DROPOUT_GROUP = FA_DROPOUT_GROUP


def philox4x32_10(tuple counter, tuple key):
    """One Philox4x32-10 block: four uint32 words from a 4-word counter and a 2-word key."""
    cdef uint32_t c[4]
    cdef uint32_t k[2]
    cdef uint32_t r[4]
    if len(counter) != 4 or len(key) != 2:
        raise ValueError("philox4x32_10 takes a 4-word counter and a 2-word key")
    for i in range(4):
        c[i] = counter[i]
    for i in range(2):
        k[i] = key[i]
    fa_philox4x32_10(c, k, r)
    return (r[0], r[1], r[2], r[3])


def run_dropout(const real[::1] x, real[::1] out, uint32_t key0, uint32_t key1,
                uint64_t threshold, double scale):
    """out = x * scale where kept, 0 where dropped; out may be x exactly."""
    cdef int status = 0
    if x.shape[0] != out.shape[0]:
        raise ValueError(f"length mismatch: out {out.shape[0]}, input {x.shape[0]}")
    if out.shape[0] == 0:
        return
    with nogil:
        if real is float:
            status = fa_run_dropout_f32(&x[0], &out[0], <size_t>out.shape[0], key0, key1,
                                        threshold, <float>scale)
        else:
            status = fa_run_dropout_f64(&x[0], &out[0], <size_t>out.shape[0], key0, key1,
                                        threshold, scale)
    if status != 0:
        raise ValueError(f"dropout threshold {threshold} above 2**32")


def run_dropout_mask(unsigned char[::1] out, uint32_t key0, uint32_t key1, uint64_t threshold):
    """out[i] = 1 where element i is kept, else 0."""
    cdef int status = 0
    if out.shape[0] == 0:
        return
    with nogil:
        status = fa_run_dropout_mask(&out[0], <size_t>out.shape[0], key0, key1, threshold)
    if status != 0:
        raise ValueError(f"dropout threshold {threshold} above 2**32")


include "_fastpath.pxi"
include "_ufuncs.pxi"
