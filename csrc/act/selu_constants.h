/* The constants of selu (Klambauer et al.), shared by act/selu.h and
 * csrc/simd/elu_derivative.inc. scale - 1 is its own literal (act/selu.h). */
#ifndef FASTACT_ACT_SELU_CONSTANTS_H
#define FASTACT_ACT_SELU_CONSTANTS_H

#define FA_SELU_ALPHA 1.6732632423543772848170429916717
#define FA_SELU_SCALE 1.0507009873554804934193349852946
#define FA_SELU_SCALE_MINUS_1 0.0507009873554804934193349852946
/* scale alpha = HI + LO (the double nearest and the rest; mpmath) */
#define FA_SELU_SCALE_ALPHA_HI 0x1.c212cc640f031p+0
#define FA_SELU_SCALE_ALPHA_LO 0x1.05161b045a1fep-56

#endif
