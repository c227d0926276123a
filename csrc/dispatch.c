/* Choose the kernel variant for this CPU once, and run kernels through it.
 * Compiled for the baseline target only: nothing here may use wider
 * instructions than the oldest CPU we support. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fastact.h" /* and portable.h: FA_X86, FA_MSVC, FA_ALIGNED */
#include "philox.h"
#include "stream.h" /* fa_stream_fence */
#include "threads.h"

#if FA_X86
#if FA_MSVC
#include <intrin.h>    /* __cpuid, __cpuidex */
#include <immintrin.h> /* _xgetbv: MSVC allows it in any function */
#else
#include <cpuid.h> /* GCC's _xgetbv would need -mxsave here: xgetbv is inline asm */
#endif
#endif

/* Which rows of isa_list.h this build holds: CMake defines FA_HAVE_ISA_<name>
 * as 0 or 1 for every row (tools/check_windows_build.sh the same), and a row
 * counts only where this translation unit targets its architecture (a macOS
 * universal2 build compiles this file for arm64 too). FA_IF_BUILT(name, arch,
 * code) is code where the variant is built, nothing otherwise. */
/* clang-format off */
#ifndef FA_HAVE_ISA_baseline
#error "define FA_HAVE_ISA_<name> (0 or 1) for every row of isa_list.h, as CMakeLists.txt does"
#endif
#define FA_ISA_CAT(a, b) a##b
#define FA_ISA_XCAT(a, b) FA_ISA_CAT(a, b)
#define FA_AND_00 0
#define FA_AND_01 0
#define FA_AND_10 0
#define FA_AND_11 1
#define FA_IF_0(...)
#define FA_IF_1(...) __VA_ARGS__
#define FA_BUILT(name, arch) FA_ISA_XCAT(FA_AND_, FA_ISA_XCAT(FA_HAVE_ISA_##name, FA_ARCH_##arch))
#define FA_IF_BUILT(name, arch, ...) FA_ISA_XCAT(FA_IF_, FA_BUILT(name, arch))(__VA_ARGS__)

/* each variant's object files export these three (kernels/elementwise.c,
 * axis.c, dropout.c, compiled with FA_ISA_SUFFIX=_<name>) */
#define FA_DECLARE_FILLS(name, NAME, arch, check)                                             \
    FA_IF_BUILT(name, arch, void fa_fill_table_##name(fa_kernel_table *t);                    \
                void fa_fill_axis_table_##name(fa_kernel_table *t);                           \
                void fa_fill_dropout_table_##name(fa_kernel_table *t);)
FA_FOR_EACH_ISA(FA_DECLARE_FILLS)
#undef FA_DECLARE_FILLS
/* clang-format on */

/* the first row is the baseline, which every CPU runs (fa_best_isa) */
typedef char fa_baseline_is_row_0[FA_ISA_BASELINE == 0 ? 1 : -1];

#define FA_ISA_NAME_ROW(name, NAME, arch, check) #name,
static const char *const isa_names[FA_N_ISAS] = {FA_FOR_EACH_ISA(FA_ISA_NAME_ROW)};
#undef FA_ISA_NAME_ROW

const char *fa_isa_name(int isa) {
    return (isa >= 0 && isa < FA_N_ISAS) ? isa_names[isa] : "unknown";
}

/* What the baseline variant is. On x86-64: the hand-written bodies over
 * simd/sse2.h where src/fastact/_kernel_table.py gives the layer "sse2" a row,
 * the generic C kernels vectorised by the compiler for SSE2 elsewhere (CMake
 * option FASTACT_BASELINE_SSE2, on by default; off: generic kernels only), or
 * in a build with FASTACT_BASELINE_BODIES the bodies over simd/scalar.h (the
 * layer _kernel_table.py's layer() reads from this text). On AArch64, where it
 * is the only variant: the hand-written bodies over simd/neon.h (every AArch64
 * CPU has NEON and FMA), the other cells vectorised by the compiler. */
const char *fa_baseline_target(void) {
#if defined(__aarch64__) && defined(__ARM_NEON)
    return "armv8-a: NEON + FMA, hand-written bodies over simd/neon.h and compiler-vectorised loops";
#elif defined(__aarch64__) || defined(_M_ARM64)
    return "armv8-a: NEON + FMA, vectorised by the compiler";
#elif (defined(__x86_64__) || defined(_M_X64)) && defined(FA_BASELINE_SSE2)
    return "x86-64: SSE2, hand-written bodies over simd/sse2.h and compiler-vectorised loops";
#elif (defined(__x86_64__) || defined(_M_X64)) && defined(FA_BASELINE_BODIES)
    return "x86-64: SSE2, hand-written bodies over simd/scalar.h (one lane, fused ops emulated) "
           "and compiler-vectorised loops";
#elif defined(__x86_64__) || defined(_M_X64)
    return "x86-64: SSE2, vectorised by the compiler";
#else
    return "portable C, vectorised by the compiler where it can";
#endif
}

/* clang-format off */
int fa_isa_compiled(int isa) {
#define FA_COMPILED_CASE(name, NAME, arch, check) FA_IF_BUILT(name, arch, case FA_ISA_##NAME: return 1;)
    switch (isa) {
    FA_FOR_EACH_ISA(FA_COMPILED_CASE)
    default: return 0;
    }
#undef FA_COMPILED_CASE
}
/* clang-format on */

#if FA_X86
/* XCR0: which register states the OS saves on context switch. Only called
 * once cpuid has reported OSXSAVE, so the instruction exists. */
FA_INLINE unsigned long long read_xcr0(void) {
#if FA_MSVC
    return _xgetbv(0);
#else
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
#endif
}

/* cpuid leaf (and subleaf) into r[0..3] = eax, ebx, ecx, edx; 0 when the CPU
 * has no such leaf. */
FA_INLINE int read_cpuid(unsigned int leaf, unsigned int subleaf, unsigned int r[4]) {
#if FA_MSVC
    int regs[4];
    __cpuid(regs, 0);
    if ((unsigned int)regs[0] < leaf) return 0;
    __cpuidex(regs, (int)leaf, (int)subleaf);
    for (int k = 0; k < 4; k++) r[k] = (unsigned int)regs[k];
    return 1;
#else
    return __get_cpuid_count(leaf, subleaf, &r[0], &r[1], &r[2], &r[3]);
#endif
}

/* The x86 feature sets the cpu checks of isa_list.h name, each with the
 * register state the OS must save for it. */
enum { FA_X86_AVX2 = 1, FA_X86_AVX512 = 2 };

FA_INLINE unsigned int x86_features(void) {
    unsigned int leaf1[4], leaf7[4], features = 0;
    if (!read_cpuid(1, 0, leaf1)) return 0;
    const unsigned int ecx = leaf1[2];
    const int osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1, fma = (ecx >> 12) & 1;
    if (!osxsave || !avx) return 0;
    const unsigned long long xcr0 = read_xcr0();
    if (!read_cpuid(7, 0, leaf7)) return 0;
    const unsigned int ebx7 = leaf7[1];
    const int ymm_saved = (xcr0 & 0x6) == 0x6;
    if (fma && ((ebx7 >> 5) & 1) && ymm_saved) features |= FA_X86_AVX2;
    const int zmm_saved = (xcr0 & 0xe6) == 0xe6; /* SSE, AVX, opmask, ZMM halves */
    const unsigned int f_dq_bw_vl = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);
    if ((features & FA_X86_AVX2) && zmm_saved && (ebx7 & f_dq_bw_vl) == f_dq_bw_vl)
        features |= FA_X86_AVX512;
    return features;
}

/* every feature set in wanted (inline: a build without x86 rows leaves it unused) */
FA_INLINE int fa_x86_runs(unsigned int wanted) { return (x86_features() & wanted) == wanted; }
#endif

/* clang-format off */
/* the cpu check of isa's row, for a variant this build holds */
static int cpu_runs(int isa) {
#define FA_CPU_CASE(name, NAME, arch, check) FA_IF_BUILT(name, arch, case FA_ISA_##NAME: return (check);)
    switch (isa) {
    FA_FOR_EACH_ISA(FA_CPU_CASE)
    default: return 0;
    }
#undef FA_CPU_CASE
}
/* clang-format on */

int fa_isa_supported(int isa) { return fa_isa_compiled(isa) && cpu_runs(isa); }

int fa_best_isa(void) {
    for (int isa = FA_N_ISAS - 1; isa > FA_ISA_BASELINE; isa--)
        if (fa_isa_supported(isa)) return isa;
    return FA_ISA_BASELINE;
}

static fa_kernel_table active_table;
static int active_isa = -1;

/* clang-format off */
int fa_fill_table(int isa, fa_kernel_table *t) {
    if (!fa_isa_supported(isa)) return -1;
    memset(t, 0, sizeof *t);
#define FA_FILL_CASE(name, NAME, arch, check)                                                 \
    FA_IF_BUILT(name, arch, case FA_ISA_##NAME: fa_fill_table_##name(t);                      \
                fa_fill_axis_table_##name(t); fa_fill_dropout_table_##name(t); return 0;)
    switch (isa) {
    FA_FOR_EACH_ISA(FA_FILL_CASE)
    default: return -1;
    }
#undef FA_FILL_CASE
}
/* clang-format on */

const char *fa_kernel_body(int isa, int f64, int activation, int pass) {
    fa_kernel_table t;
    if (activation < 0 || activation >= FA_N_ACTIVATIONS || pass < 0 || pass >= FA_N_PASSES ||
        fa_fill_table(isa, &t) != 0)
        return NULL;
    if (f64) return t.f64[activation][pass] ? t.body_f64[activation][pass] : NULL;
    return t.f32[activation][pass] ? t.body_f32[activation][pass] : NULL;
}

const char *fa_axis_kernel_body(int isa, int f64, int op) {
    fa_kernel_table t;
    if (op < 0 || op >= FA_N_AXIS_OPS || fa_fill_table(isa, &t) != 0) return NULL;
    if (f64) return t.axis_f64[op] ? t.axis_body_f64[op] : NULL;
    return t.axis_f32[op] ? t.axis_body_f32[op] : NULL;
}

int fa_simd_op_selftest(int isa, char *failed, size_t size) {
    fa_kernel_table t;
    if (size > 0) failed[0] = '\0';
    if (fa_fill_table(isa, &t) != 0 || t.simd_op_selftest == NULL) return -1;
    return t.simd_op_selftest(failed, size);
}

/* An x87 state left by earlier code slows the vector kernels on AMD EPYC Zen 4
 * by about 6%: NumPy's import leaves one (its long double constants), and so
 * does any long double arithmetic; from then on every AVX2 loop of this
 * library ran slower in the process, whatever the arrays (tanh float64 AVX2,
 * n = 8192 and 65536, the same machine code from a C harness called through
 * ctypes: 0.744 ns/el before `import numpy._core._multiarray_umath`, 0.789
 * after, 0.744 again after fninit and 8 fldz and fninit; 8 fld1 and fninit in
 * a bare C process: 0.789; fninit or emms alone: 0.789; BENCHMARKS.md
 * 2026-12-07 session 11, h11-tanh32avx2). What the core holds for it is not
 * documented (the registers' contents and the last-instruction pointers: with
 * those restored by fldenv after long double arithmetic, still 0.79). The ABI
 * leaves the x87 stack empty at every call, so its registers are dead here,
 * and the pointers FIP / FDP / FOP only inform exception handlers:
 * fa_x87_scrub returns the x87 state to its initial configuration (fninit,
 * 8 fldz, fninit: registers and pointers zero) but for the control word, which
 * it keeps, and moves the status flags to MXCSR (below), where XINUSE
 * (xgetbv(1), bit 0) says that the state is not initial; restoring the flags
 * by fldenv instead (after long double arithmetic, whose inexact flag stays
 * set) left the library's calls at 0.79. The check costs about 14 ns, the
 * scrub about 60, once (the state is initial afterwards where the control word
 * is the default one). GCC / Clang on x86 only (MSVC has no
 * inline assembly on x64, and its long double is double). */
#if FA_X86 && !FA_MSVC
/* xgetbv(1) exists (cpuid 0xD.1 eax bit 2, with OSXSAVE): set by
 * fa_select_isa, which every call path runs first */
static int x87_state_readable;

static void x87_detect(void) {
    unsigned int r[4] = {0, 0, 0, 0}, l1[4] = {0, 0, 0, 0};
    x87_state_readable =
        read_cpuid(1, 0, l1) && ((l1[2] >> 27) & 1) && read_cpuid(0xd, 1, r) && ((r[0] >> 2) & 1);
}

void fa_x87_scrub(void) {
    if (!x87_state_readable) return;
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(1));
    (void)edx;
    if ((eax & 1) == 0) return;
    /* the x87 status flags move to MXCSR's (the same six bits): fetestexcept
     * and fegetexceptflag report the union of the two, so the caller's flags
     * read the same; the control word is kept; the rest returns to its
     * initial configuration (fninit), as the ABI allows with the stack empty */
    unsigned short control, status;
    unsigned int mxcsr;
    __asm__ volatile("fnstcw %0\n\tfnstsw %1" : "=m"(control), "=m"(status));
    if (status & 0x3f) {
        __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
        mxcsr |= status & 0x3fu;
        __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
    }
    __asm__ volatile(
        "fninit\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfninit"
        :
        :
        : "memory", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
    if (control != 0x37f) __asm__ volatile("fldcw %0" : : "m"(control));
}
#else
static void x87_detect(void) {}
void fa_x87_scrub(void) {}
#endif

int fa_select_isa(int isa) {
    fa_kernel_table t;
    if (fa_fill_table(isa, &t) != 0) return -1;
    x87_detect();
    active_table = t;
    active_isa = isa;
    return 0;
}

int fa_current_isa(void) { return active_isa; }

/* Calls of at least this many bytes check the x87 state (fa_x87_scrub, above:
 * 14 ns, about 60 where it scrubs; such a call takes 5 us or more) */
#define FA_X87_SCRUB_MIN_BYTES 65536

/* Outputs are written from a cache-line boundary on (run_dtype.inc) when the
 * call has at least this many elements: below, one more kernel call costs more
 * than the split stores it saves. */
#define FA_CACHE_LINE 64
#define FA_ALIGN_MIN_ELEMENTS 256
#define FA_CACHE_ALIGNED FA_ALIGNED(FA_CACHE_LINE)

/* Calls split across threads in ranges of at least this many elements (about
 * 10 microseconds of the cheapest kernels, more than waking a thread costs),
 * cut at multiples of 64 elements so that no two threads share a cache line. */
#define FA_GRAIN_ELEMENTS 32768
#define FA_SPLIT_ALIGN 64

/* Outputs at least this large are written with streaming (non-temporal)
 * stores, when out is no input (stream.h): they will not fit in the caches
 * anyway, and streaming them skips the read of every output line that a plain
 * store does first (a third of the memory traffic of an elementwise pass). */
#define FA_STREAM_MIN_BYTES ((size_t)8 << 20)
static size_t stream_min_bytes = FA_STREAM_MIN_BYTES;

size_t fa_set_stream_min_bytes(size_t bytes) {
    const size_t previous = stream_min_bytes;
    stream_min_bytes = bytes;
    return previous;
}

/* Outer rows per range for the along-axis kernels: at least one, and at least
 * the grain in elements. */
static size_t rows_grain(size_t row_elements) {
    if (row_elements == 0) return FA_GRAIN_ELEMENTS;
    return row_elements >= FA_GRAIN_ELEMENTS
               ? 1
               : (FA_GRAIN_ELEMENTS + row_elements - 1) / row_elements;
}

#define FA_DTYPE_TEMPLATE "run_dtype.inc"
#include "for_each_dtype.inc"

#include "dropout_run.inc"
