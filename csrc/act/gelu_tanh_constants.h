/* The constants of gelu with approximate="tanh", shared by act/gelu_tanh.h and
 * simd/gelu_tanh.inc: z = K x (1 + C x^2). */
#ifndef FASTACT_ACT_GELU_TANH_CONSTANTS_H
#define FASTACT_ACT_GELU_TANH_CONSTANTS_H

#define FA_GELU_TANH_K 1.5957691216057308 /* 2 sqrt(2/pi), the double the reference uses */
#define FA_GELU_TANH_C 0.044715

#endif
