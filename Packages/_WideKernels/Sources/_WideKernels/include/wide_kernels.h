// Kernels compiled for wider vector units than the x86-64 baseline the Swift code is built for
// (SSE2: four Float lanes, no fused multiply-add), selected at run time: callers check
// `protograd_avx2_fma_available()` once and otherwise run their own code (a Swift loop, or
// OpenBLAS for products) on other processors and architectures.

#ifndef PROTOGRAD_WIDE_KERNELS_H
#define PROTOGRAD_WIDE_KERNELS_H

#include <stddef.h>

#include "tanh_coefficients.h"

/// Whether the processor runs AVX2 and FMA (x86-64 only; 0 elsewhere).
int protograd_avx2_fma_available(void);

/// `output[i] = tanh(input[i])` for `count` Floats, with AVX2 and FMA: the rational function of
/// `FloatMath.tanh` (the same coefficients, evaluated in Double), four lanes of Double per
/// instruction. Call only when `protograd_avx2_fma_available()`.
void protograd_tanh_avx2(const float *input, float *output, ptrdiff_t count);

/// `C ← α·op(A)·B + β·C (+ row)` for row-major Float matrices, `C` being `m×n` (rows `ldc` apart),
/// `op(A)` `m×k` (`A` stored transposed when `transpose_a`) and `B` `k×n`: for products too small
/// for OpenBLAS's per-call cost (a transposed B is copied by the caller). Each element is a
/// sequence of fused multiply–adds in order of `k` (for at most four rows and eight columns with
/// `k ≥ 64`: two or four such sequences over every second or fourth `p`, added, then the last
/// terms), then times `α`, plus `β·C` (read only when `β ≠ 0`), plus `row[j]` for column `j` when
/// `row` is not null (a linear layer's bias). Unlike BLAS, `α = 0` still reads A and B (a NaN there
/// gives NaN). Call only when `protograd_avx2_fma_available()` (elsewhere it traps).
void protograd_sgemm_small_avx2(
    int transpose_a, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a,
    ptrdiff_t lda, const float *b, ptrdiff_t ldb, float beta, const float *row, float *c,
    ptrdiff_t ldc);

/// `C ← α·A·Bᵀ (+ row)` for row-major Float matrices with `n ≤ 4`: `C` `m×n` (rows `ldc` apart),
/// `A` `m×k` (`lda`), `B` `n×k` (`ldb`), read in place; `β = 0` (C is written without being read).
/// The same operations in the same order as `protograd_sgemm_small_avx2` (which interleaves sums
/// only for products of at most four rows), so the same results: each element a sequence of fused
/// multiply–adds in order of `k`, times `α`, plus `row[j]` when `row` is not null. Call only when
/// `protograd_avx2_fma_available()` (elsewhere it traps).
void protograd_sgemm_narrow_nt_avx2(
    ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda,
    const float *b, ptrdiff_t ldb, const float *row, float *c, ptrdiff_t ldc);

/// Direct convolution, stride 1, no padding, for `images` row-major Float images `[c, h, w]` with
/// `kh ≤ h` and output rows `1 ≤ ow = w − kw + 1 ≤ 32` wide (it traps otherwise):
/// `output [images, o, oh, ow]` (oh = h − kh + 1) gets `bias[oc]` (zero when `bias` is null) with
/// the terms `filter[oc][ci][ki][kj] · input[b][ci][y + ki][x + kj]` added onto it one at a time,
/// in order of `(ci, ki, kj)`, by fused multiply–adds, the filter packed `[c][kh][kw][o]`
/// (`packed_filter[((ci·kh + ki)·kw + kj)·o + oc]`). Call only when
/// `protograd_avx2_fma_available()` (elsewhere it traps).
void protograd_conv2d_forward_avx2(
    const float *input, ptrdiff_t images, ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width,
    const float *packed_filter, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, const float *bias, float *output);

/// The filter gradient of that convolution, summed over the `images`: adds
/// `Σ_{b, y, x} upstream[b][oc][y][x] · input[b][ci][y + ki][x + kj]` to `gradient[oc][ci][ki][kj]`
/// (OIHW), for kernels at most 8 wide and `1 ≤ ow ≤ 32` (it traps otherwise), using `lanes` (8 · o · c
/// · kh · kw scalars, any contents) as scratch. Each sum is taken in eight lanes, over x ≡ lane
/// (mod 8), by fused multiply–adds over the images four at a time, the rows and x in order; the
/// lanes are then added pairwise and the total added to the gradient. Call only when
/// `protograd_avx2_fma_available()` (elsewhere it traps).
void protograd_conv2d_filter_gradient_avx2(
    const float *input, const float *upstream, ptrdiff_t images, ptrdiff_t channels,
    ptrdiff_t height, ptrdiff_t width, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, float *lanes, float *gradient);

/// The operators of `protograd_binary_avx2`.
enum {
  PROTOGRAD_ADD = 0,
  PROTOGRAD_SUBTRACT = 1,
  PROTOGRAD_MULTIPLY = 2,
  PROTOGRAD_DIVIDE = 3,
};

/// `output[i] = lhs[i·lhs_step] ∘ rhs[i·rhs_step]` for `i < count`, `∘` the operator `op`; each
/// step is 1 (an operand of `count` elements) or 0 (one scalar for all; any other step is taken
/// as 1). Reads nothing when `count` is 0. Eight lanes at a time, the last elements one by one:
/// the values of the same loop in Swift (a NaN result may carry the other operand's sign and
/// payload when both are NaN: which one, compilers choose). Call only when
/// `protograd_avx2_fma_available()` (on x86-64 without AVX2 the instructions fault; elsewhere it
/// traps).
void protograd_binary_avx2(
    int op, const float *lhs, ptrdiff_t lhs_step, const float *rhs, ptrdiff_t rhs_step,
    float *output, ptrdiff_t count);

/// `target[i] = (target[i] · factors[i]) · factor`, each product rounded, or
/// `target[i] = target[i] · factor` when `factors` is null, in place (the values of the Swift
/// loop, NaN payloads aside, as above). Call only when `protograd_avx2_fma_available()` (on
/// x86-64 without AVX2 the instructions fault; elsewhere it traps).
void protograd_scale_avx2(float *target, const float *factors, float factor, ptrdiff_t count);

#endif
