/* The constants of gelu, shared by act/gelu.h, act/gelu_tanh.h and csrc/simd/:
 * erf form x Phi(x) with sqrt(2)/2 and 1/sqrt(2 pi) each in two parts; tanh
 * form z = K x (1 + C x^2). */
#ifndef FASTACT_ACT_GELU_CONSTANTS_H
#define FASTACT_ACT_GELU_CONSTANTS_H

#define FA_GELU_HALF_SQRT2_HI 0.70710678118654757       /* sqrt(2)/2 rounded to double */
#define FA_GELU_HALF_SQRT2_LO (-4.8336466567264567e-17) /* sqrt(2)/2 - HI */
#define FA_GELU_INV_SQRT_2PI 0.39894228040143267794
#define FA_GELU_INV_SQRT_2PI_LO (-2.4923272022777e-17) /* 1/sqrt(2 pi) - its double */
#define FA_GELU_TANH_K 1.5957691216057308 /* 2 sqrt(2/pi), the double the reference uses */
#define FA_GELU_TANH_C 0.044715

#endif
