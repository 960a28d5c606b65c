#include "wide_kernels.h"

#if defined(__x86_64__)
#include "avx2_kernel_support.h"

// Elementwise loops over Float tensors at eight lanes instead of the Swift code's four: the same
// operation on each element as the Swift loop they replace (no fused multiply–adds, no
// reassociation), so the same values (for two NaN operands, which one's bits the result
// carries depends on the operand order each compiler picks, here as in Swift). Row ends run as scalar loops: masked stores are microcoded
// on some processors (see avx2_kernel_support.h).

/// The loop of one operator over operands that are whole arrays (`*_STEP` 1) or one scalar
/// (`*_STEP` 0, its vector made once), written out for each combination so that the loop holds
/// nothing but loads, the operation and stores. A scalar operand is read only when `count ≥ 1`.
/// (An early return for `count < 1` at the top of the function instead made clang compile the
/// loops of whole operands without unrolling: 900 elements 53–69 ns instead of 38–49.)
#define BINARY_LOOP(vector_op, operator, LHS_STEP, RHS_STEP)                                  \
  do {                                                                                       \
    const __m256 lhs_scalar = LHS_STEP || count < 1 ? zero : _mm256_set1_ps(lhs[0]);         \
    const __m256 rhs_scalar = RHS_STEP || count < 1 ? zero : _mm256_set1_ps(rhs[0]);         \
    for (; i + 8 <= count; i += 8) {                                                         \
      const __m256 a = LHS_STEP ? _mm256_loadu_ps(lhs + i) : lhs_scalar;                     \
      const __m256 b = RHS_STEP ? _mm256_loadu_ps(rhs + i) : rhs_scalar;                     \
      _mm256_storeu_ps(output + i, vector_op(a, b));                                         \
    }                                                                                        \
    for (; i < count; i++) output[i] = lhs[LHS_STEP * i] operator rhs[RHS_STEP * i];         \
  } while (0)

#define BINARY_CASE(op, vector_op, operator)                                                   \
  case op:                                                                                   \
    if (lhs_step && rhs_step) BINARY_LOOP(vector_op, operator, 1, 1);                        \
    else if (lhs_step) BINARY_LOOP(vector_op, operator, 1, 0);                               \
    else if (rhs_step) BINARY_LOOP(vector_op, operator, 0, 1);                               \
    else BINARY_LOOP(vector_op, operator, 0, 0);                                             \
    break;

WIDE_KERNEL void protograd_binary_avx2(
    int op, const float *lhs, ptrdiff_t lhs_step, const float *rhs, ptrdiff_t rhs_step,
    float *output, ptrdiff_t count) {
  const __m256 zero = _mm256_setzero_ps();
  ptrdiff_t i = 0;
  switch (op) {
    BINARY_CASE(PROTOGRAD_ADD, _mm256_add_ps, +)
    BINARY_CASE(PROTOGRAD_SUBTRACT, _mm256_sub_ps, -)
    BINARY_CASE(PROTOGRAD_MULTIPLY, _mm256_mul_ps, *)
    BINARY_CASE(PROTOGRAD_DIVIDE, _mm256_div_ps, /)
  default: __builtin_trap();
  }
}

WIDE_KERNEL void protograd_scale_avx2(
    float *target, const float *factors, float factor, ptrdiff_t count) {
  const __m256 scale = _mm256_set1_ps(factor);
  ptrdiff_t i = 0;
  if (factors) {
    for (; i + 8 <= count; i += 8) {
      const __m256 product =
          _mm256_mul_ps(_mm256_loadu_ps(target + i), _mm256_loadu_ps(factors + i));
      _mm256_storeu_ps(target + i, _mm256_mul_ps(product, scale));
    }
    for (; i < count; i++) {
      const float product = target[i] * factors[i];
      target[i] = product * factor;
    }
  } else {
    for (; i + 8 <= count; i += 8)
      _mm256_storeu_ps(target + i, _mm256_mul_ps(_mm256_loadu_ps(target + i), scale));
    for (; i < count; i++) target[i] = target[i] * factor;
  }
}

#else

void protograd_binary_avx2(
    int op, const float *lhs, ptrdiff_t lhs_step, const float *rhs, ptrdiff_t rhs_step,
    float *output, ptrdiff_t count) {
  (void)op, (void)lhs, (void)lhs_step, (void)rhs, (void)rhs_step, (void)output, (void)count;
  __builtin_trap();  // never called where the check fails
}

void protograd_scale_avx2(float *target, const float *factors, float factor, ptrdiff_t count) {
  (void)target, (void)factors, (void)factor, (void)count;
  __builtin_trap();
}

#endif
