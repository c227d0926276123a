/* The constants of selu (Klambauer et al.), shared by act/selu.h and
 * csrc/simd/elu_derivative.inc. scale - 1 is its own literal (act/selu.h). */
#ifndef FASTACT_ACT_SELU_CONSTANTS_H
#define FASTACT_ACT_SELU_CONSTANTS_H

#define FA_SELU_ALPHA 1.6732632423543772848170429916717
#define FA_SELU_SCALE 1.0507009873554804934193349852946
#define FA_SELU_SCALE_MINUS_1 0.0507009873554804934193349852946

#endif
