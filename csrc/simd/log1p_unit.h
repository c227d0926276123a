/* log1p(e) on e in [0, 1] without a reduction, for the SIMD softplus and
 * log_sigmoid (e = e^-|z|): log1p(e) ~= e - e^2/2 + e^3 Q(e), Q minimax for
 * the relative error (tools/fit_expm1_log1p.py, the [0, 1] fit):
 *   float: degree 11, 2^-29.7;  double: degree 21, 2^-55.7 */
#ifndef FASTACT_SIMD_LOG1P_UNIT_H
#define FASTACT_SIMD_LOG1P_UNIT_H

#define FA_LOG1P_UNIT_Q_f32(e, FMA, K)                                                             \
    FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(K(0x1.2a6f76p-9f), e, K(-0x1.e12eep-7f)), e,                   \
                                K(0x1.6aee18p-5f)),                                                \
                            e, K(-0x1.5ff16cp-4f)),                                                \
                        e, K(0x1.03af58p-3f)),                                                     \
                    e, K(-0x1.4c5c3ep-3f)),                                                        \
                e, K(0x1.981792p-3f)),                                                             \
            e, K(-0x1.ffdcf4p-3f)),                                                                \
        e, K(0x1.5554b4p-2f))
#define FA_LOG1P_UNIT_Q_f64(e, FMA, K)                                                                  \
    FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(FMA(K(0x1.bf79bcc3243abp-16),   \
                                                                            e,                          \
                                                                            K(-0x1.404af627494edp-12)), \
                                                                        e,                              \
                                                                        K(0x1.b348eebdced5bp-10)),      \
                                                                    e, K(-0x1.7799eaefa2213p-8)),       \
                                                                e, K(0x1.d1c7beec9f87cp-7)),            \
                                                            e, K(-0x1.bf253efc5aa4ap-6)),               \
                                                        e, K(0x1.5f739c6490c47p-5)),                    \
                                                    e, K(-0x1.db3953c194129p-5)),                       \
                                                e, K(0x1.218c05baec4bbp-4)),                            \
                                            e, K(-0x1.4bb64bf9e624cp-4)),                               \
                                        e, K(0x1.7176729421c96p-4)),                                    \
                                    e, K(-0x1.98e942f8d8b32p-4)),                                       \
                                e, K(0x1.c6fc1c9e84dcfp-4)),                                            \
                            e, K(-0x1.fffb89dedec1bp-4)),                                               \
                        e, K(0x1.24920fe664ef9p-3)),                                                    \
                    e, K(-0x1.5555515f33b7dp-3)),                                                       \
                e, K(0x1.9999996cd2d17p-3)),                                                            \
            e, K(-0x1.fffffffee6eddp-3)),                                                               \
        e, K(0x1.5555555553f16p-2))

#endif
