#include "wide_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int protograd_avx2_fma_available(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,fma"))) static inline __m128 tanh4(__m128 x) {
  const __m128 sign = _mm_set1_ps(-0.0f);
  // |x| clamped to 9.1; `min` returns its second operand when either is NaN, so NaN stays NaN.
  __m128 a = _mm_min_ps(_mm_set1_ps((float)PROTOGRAD_TANH_LIMIT), _mm_andnot_ps(sign, x));
  __m256d ad = _mm256_cvtps_pd(a);
  __m256d t = _mm256_mul_pd(ad, ad);
  __m256d p = _mm256_fmadd_pd(_mm256_set1_pd(PROTOGRAD_TANH_P5), t, _mm256_set1_pd(PROTOGRAD_TANH_P4));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(PROTOGRAD_TANH_P3));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(PROTOGRAD_TANH_P2));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(PROTOGRAD_TANH_P1));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(1));
  __m256d q = _mm256_fmadd_pd(_mm256_set1_pd(PROTOGRAD_TANH_Q4), t, _mm256_set1_pd(PROTOGRAD_TANH_Q3));
  q = _mm256_fmadd_pd(q, t, _mm256_set1_pd(PROTOGRAD_TANH_Q2));
  q = _mm256_fmadd_pd(q, t, _mm256_set1_pd(PROTOGRAD_TANH_Q1));
  q = _mm256_fmadd_pd(q, t, _mm256_set1_pd(1));
  __m128 r = _mm256_cvtpd_ps(_mm256_div_pd(_mm256_mul_pd(ad, p), q));
  r = _mm_min_ps(_mm_set1_ps(1.0f), r);
  return _mm_or_ps(r, _mm_and_ps(x, sign));  // the sign of x, -0 included
}

__attribute__((target("avx2,fma"))) void protograd_tanh_avx2(
    const float *input, float *output, ptrdiff_t count) {
  ptrdiff_t i = 0;
  // Two independent groups of four per iteration, so that one group's division overlaps the
  // other's polynomials.
  for (; i + 8 <= count; i += 8) {
    __m128 low = tanh4(_mm_loadu_ps(input + i));
    __m128 high = tanh4(_mm_loadu_ps(input + i + 4));
    _mm_storeu_ps(output + i, low);
    _mm_storeu_ps(output + i + 4, high);
  }
  for (; i < count; i += 4) {
    float lanes[4] = {0, 0, 0, 0};
    ptrdiff_t n = count - i < 4 ? count - i : 4;
    for (ptrdiff_t j = 0; j < n; j++) lanes[j] = input[i + j];
    _mm_storeu_ps(lanes, tanh4(_mm_loadu_ps(lanes)));
    for (ptrdiff_t j = 0; j < n; j++) output[i + j] = lanes[j];
  }
}

#else

int protograd_avx2_fma_available(void) { return 0; }

void protograd_tanh_avx2(const float *input, float *output, ptrdiff_t count) {
  (void)input;
  (void)output;
  (void)count;
}

#endif
