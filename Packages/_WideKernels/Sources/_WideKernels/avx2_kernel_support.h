// What the AVX2 kernels share: their target attributes, full unrolling of loops over registers,
// and loads and stores of the ends of rows that are not a whole number of vectors (a private
// header: not part of the module's interface). Include inside `#if defined(__x86_64__)`.

#ifndef PROTOGRAD_AVX2_KERNEL_SUPPORT_H
#define PROTOGRAD_AVX2_KERNEL_SUPPORT_H

#include <immintrin.h>
#include <stddef.h>

#define WIDE_KERNEL __attribute__((target("avx2,fma")))
#define INLINE_KERNEL WIDE_KERNEL __attribute__((always_inline)) static inline

/// Unrolls the loop that follows whole, so that arrays of vectors indexed by its variable stay in
/// registers: at -O2 (SwiftPM's release setting for C) clang kept such arrays of accumulators on
/// the stack, storing every accumulator after each term.
#define UNROLLED _Pragma("clang loop unroll(full)")

/// Lanes `0 ..< count` (count ≤ 8) set, for masked loads of a row's last elements. (Masked loads
/// read nothing past the lanes set, and are fast everywhere; masked stores are not, see below.)
INLINE_KERNEL __m256i first_lanes(ptrdiff_t count) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), lanes);
}

/// Vector `v` of a row of `vectors` vectors whose last one is `partial` (then read with a masked
/// load of the lanes `mask` sets) or whole.
INLINE_KERNEL __m256 load_vector(const float *row, int v, int vectors, int partial, __m256i mask) {
  return partial && v + 1 == vectors ? _mm256_maskload_ps(row + 8 * v, mask)
                                     : _mm256_loadu_ps(row + 8 * v);
}

/// Stores lanes `0 ..< count` (count ≤ 4) of `v` at `destination` with plain 16-, 8- and
/// 4-byte stores.
INLINE_KERNEL void store_first4(float *destination, __m128 v, ptrdiff_t count) {
  if (count == 4) {
    _mm_storeu_ps(destination, v);
    return;
  }
  if (count & 2) {
    _mm_storel_pi((__m64 *)destination, v);
    v = _mm_movehl_ps(v, v);
    destination += 2;
  }
  if (count & 1) _mm_store_ss(destination, v);
}

/// Stores lanes `0 ..< count` (count < 8) of `v` at `destination` with plain stores. A masked
/// store (`vmaskmovps`) is microcoded on AMD's processors: in a 300×3 product, one per row of C
/// took half the kernel's time on a Zen 4.
INLINE_KERNEL void store_first(float *destination, __m256 v, ptrdiff_t count) {
  if (count >= 4) {
    _mm_storeu_ps(destination, _mm256_castps256_ps128(v));
    store_first4(destination + 4, _mm256_extractf128_ps(v, 1), count - 4);
  } else {
    store_first4(destination, _mm256_castps256_ps128(v), count);
  }
}

#endif
