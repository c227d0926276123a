/* For editors only (clangd: the repository's .clangd force-includes it into
 * the files of csrc/simd/, which are included per dtype rather than compiled
 * alone): the float32 pass of csrc/for_each_dtype.inc, so that a body file
 * opened by itself parses and jump-to-definition resolves the names it pastes
 * (FA_SIMD_FN, V, FA_K, FA_MATH). No build includes it. */
#ifndef FASTACT_SIMD_EDITOR_PRELUDE_H
#define FASTACT_SIMD_EDITOR_PRELUDE_H
#define FA_FN(name) FA_XCAT(FA_XCAT(name, _), FA_S)
#define FA_K(name) FA_XCAT(name, FA_XCAT(_, FA_S))
#define FA_MATH(name) FA_XCAT(FA_XCAT(fa_, name), FA_XCAT(_, FA_S))
#define FA_T float
#define FA_S f32
#define FA_DTYPE_IS_F32 1
#endif
