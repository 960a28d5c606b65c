#include "wide_kernels.h"

#if defined(__x86_64__)
#include "avx2_kernel_support.h"

// `A · Bᵀ` with at most four columns in the result (a linear layer with up to four outputs):
// the general kernel would use n of its eight lanes per row of A. Here the lanes run over eight
// rows of A at once: each block of eight rows is read eight columns at a time and transposed in
// registers, so that column p of the block meets the n weights B[j][p] in n fused multiply–adds,
// and the n sums of eight rows are transposed back into the rows of C.

/// `columns[q][r] = rows[r][q]`: the 8×8 transpose.
INLINE_KERNEL void transpose8(__m256 rows[8], __m256 columns[8]) {
  __m256 pairs[8], quads[8];
  UNROLLED for (int r = 0; r < 8; r += 2) {
    pairs[r] = _mm256_unpacklo_ps(rows[r], rows[r + 1]);
    pairs[r + 1] = _mm256_unpackhi_ps(rows[r], rows[r + 1]);
  }
  UNROLLED for (int h = 0; h < 8; h += 4) {
    quads[h] = _mm256_shuffle_ps(pairs[h], pairs[h + 2], _MM_SHUFFLE(1, 0, 1, 0));
    quads[h + 1] = _mm256_shuffle_ps(pairs[h], pairs[h + 2], _MM_SHUFFLE(3, 2, 3, 2));
    quads[h + 2] = _mm256_shuffle_ps(pairs[h + 1], pairs[h + 3], _MM_SHUFFLE(1, 0, 1, 0));
    quads[h + 3] = _mm256_shuffle_ps(pairs[h + 1], pairs[h + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  UNROLLED for (int q = 0; q < 4; q++) {
    columns[q] = _mm256_permute2f128_ps(quads[q], quads[q + 4], 0x20);
    columns[q + 4] = _mm256_permute2f128_ps(quads[q], quads[q + 4], 0x31);
  }
}

/// Adds the terms of columns `p0 ..< p0 + width` (width ≤ 8) of eight rows of A from `i` to the
/// `n` sums: the rows read eight columns at once (masked when fewer remain), transposed, and
/// each column of the block multiplied by the `n` weights of its p, in order of p.
INLINE_KERNEL void accumulate(
    int n, int width, __m256 acc[4], ptrdiff_t i, ptrdiff_t p0, const float *a, ptrdiff_t lda,
    const float *b, ptrdiff_t ldb) {
  const __m256i mask = first_lanes(width);
  __m256 rows[8], columns[8];
  UNROLLED for (int r = 0; r < 8; r++) {
    const float *row = a + (i + r) * lda + p0;
    rows[r] = load_vector(row, 0, 1, width < 8, mask);
  }
  transpose8(rows, columns);
  UNROLLED for (int q = 0; q < width; q++)
    UNROLLED for (int j = 0; j < n; j++)
      acc[j] =
          _mm256_fmadd_ps(columns[q], _mm256_broadcast_ss(b + j * ldb + p0 + q), acc[j]);
}

/// Rows `i ..< i + 8` of C: `α · (A·Bᵀ)`, plus `bias` if `row` is not null.
INLINE_KERNEL void narrow_block(
    int n, ptrdiff_t i, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda, const float *b,
    ptrdiff_t ldb, const float *row, __m256 bias, float *c, ptrdiff_t ldc) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
  ptrdiff_t p0 = 0;
  for (; p0 + 8 <= k; p0 += 8) accumulate(n, 8, acc, i, p0, a, lda, b, ldb);
  switch (k - p0) {
  case 1: accumulate(n, 1, acc, i, p0, a, lda, b, ldb); break;
  case 2: accumulate(n, 2, acc, i, p0, a, lda, b, ldb); break;
  case 3: accumulate(n, 3, acc, i, p0, a, lda, b, ldb); break;
  case 4: accumulate(n, 4, acc, i, p0, a, lda, b, ldb); break;
  case 5: accumulate(n, 5, acc, i, p0, a, lda, b, ldb); break;
  case 6: accumulate(n, 6, acc, i, p0, a, lda, b, ldb); break;
  case 7: accumulate(n, 7, acc, i, p0, a, lda, b, ldb); break;
  default: break;
  }
  const __m256 alphas = _mm256_set1_ps(alpha);
  UNROLLED for (int j = 0; j < 4; j++) acc[j] = _mm256_mul_ps(alphas, acc[j]);
  // The 4×8 transpose back: lanes 0–3 of `rows[r]` hold row r of the block, 4–7 row r + 4.
  const __m256 low01 = _mm256_unpacklo_ps(acc[0], acc[1]);
  const __m256 high01 = _mm256_unpackhi_ps(acc[0], acc[1]);
  const __m256 low23 = _mm256_unpacklo_ps(acc[2], acc[3]);
  const __m256 high23 = _mm256_unpackhi_ps(acc[2], acc[3]);
  __m256 rows[4] = {
      _mm256_shuffle_ps(low01, low23, _MM_SHUFFLE(1, 0, 1, 0)),
      _mm256_shuffle_ps(low01, low23, _MM_SHUFFLE(3, 2, 3, 2)),
      _mm256_shuffle_ps(high01, high23, _MM_SHUFFLE(1, 0, 1, 0)),
      _mm256_shuffle_ps(high01, high23, _MM_SHUFFLE(3, 2, 3, 2)),
  };
  UNROLLED for (int r = 0; r < 4; r++) {
    // Added only when there is a row: x + 0 would turn a −0 into +0.
    const __m256 result = row ? _mm256_add_ps(rows[r], bias) : rows[r];
    store_first4(c + (i + r) * ldc, _mm256_castps256_ps128(result), n);
    store_first4(c + (i + r + 4) * ldc, _mm256_extractf128_ps(result, 1), n);
  }
}

/// All blocks of eight rows for `n` columns.
INLINE_KERNEL void narrow_blocks(
    int n, ptrdiff_t m, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda, const float *b,
    ptrdiff_t ldb, const float *row, __m256 bias, float *c, ptrdiff_t ldc) {
  for (ptrdiff_t i = 0; i + 8 <= m; i += 8)
    narrow_block(n, i, k, alpha, a, lda, b, ldb, row, bias, c, ldc);
}

WIDE_KERNEL void protograd_sgemm_narrow_nt_avx2(
    ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda,
    const float *b, ptrdiff_t ldb, const float *row, float *c, ptrdiff_t ldc) {
  __attribute__((aligned(16))) float padded[4] = {0, 0, 0, 0};
  for (ptrdiff_t j = 0; j < n && row; j++) padded[j] = row[j];
  const __m256 bias = _mm256_broadcast_ps((const __m128 *)padded);
  switch (n) {
  case 1: narrow_blocks(1, m, k, alpha, a, lda, b, ldb, row, bias, c, ldc); break;
  case 2: narrow_blocks(2, m, k, alpha, a, lda, b, ldb, row, bias, c, ldc); break;
  case 3: narrow_blocks(3, m, k, alpha, a, lda, b, ldb, row, bias, c, ldc); break;
  default: narrow_blocks(4, m, k, alpha, a, lda, b, ldb, row, bias, c, ldc); break;
  }
  // The last rows one at a time, with the same operations in the same order (separate
  // statements: clang contracts `x * y + z` within one into a fused multiply–add).
  for (ptrdiff_t i = m - m % 8; i < m; i++) {
    for (ptrdiff_t j = 0; j < n; j++) {
      float sum = 0;
      for (ptrdiff_t p = 0; p < k; p++)
        sum = __builtin_fmaf(a[i * lda + p], b[j * ldb + p], sum);
      const float scaled = alpha * sum;
      c[i * ldc + j] = row ? scaled + row[j] : scaled;
    }
  }
}

#else

void protograd_sgemm_narrow_nt_avx2(
    ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda,
    const float *b, ptrdiff_t ldb, const float *row, float *c, ptrdiff_t ldc) {
  (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda, (void)b, (void)ldb, (void)row;
  (void)c, (void)ldc;
  __builtin_trap();  // C would be left unwritten: never called where the check fails
}

#endif
