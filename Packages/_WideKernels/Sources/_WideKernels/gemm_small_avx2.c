#include "wide_kernels.h"

#if defined(__x86_64__)
#include "avx2_kernel_support.h"

/// Stores `C[i ..< i + rows, j ..< j + columns]` from the accumulators of `op(A) · B`: times
/// `α`, plus `β · C` (read only when `β ≠ 0`), plus `row` (if not null) added to each row.
INLINE_KERNEL void store_block(
    int rows, int vectors, int masked, __m256 acc[4][2], ptrdiff_t i, ptrdiff_t j,
    ptrdiff_t columns, float alpha, float beta, const float *row, float *c, ptrdiff_t ldc) {
  const ptrdiff_t last_count = columns - 8 * (vectors - 1);
  const __m256i last = first_lanes(last_count);
  const __m256 alphas = _mm256_set1_ps(alpha);
  const __m256 betas = _mm256_set1_ps(beta);
  for (int r = 0; r < rows; r++) {
    float *c_row = c + (i + r) * ldc + j;
    for (int v = 0; v < vectors; v++) {
      __m256 result = _mm256_mul_ps(alphas, acc[r][v]);
      // β = 0 writes C without reading it (BLAS semantics: NaNs in C do not propagate).
      if (beta != 0)
        result = _mm256_fmadd_ps(betas, load_vector(c_row, v, vectors, masked, last), result);
      if (row) result = _mm256_add_ps(result, load_vector(row + j, v, vectors, masked, last));
      if (masked && v + 1 == vectors)
        store_first(c_row + 8 * v, result, last_count);
      else
        _mm256_storeu_ps(c_row + 8 * v, result);
    }
  }
}

/// `C[i ..< i + rows, j ..< j + columns]` (columns ≤ 8·vectors, and less than that only when
/// `masked`) of `α · op(A) · B + β · C`, plus `row` (if not null) added to each row, where the
/// rows of `B` (`k` of them, `ldb` apart) are read in place. `op(A)[r, p]` is `a[r·lda + p]`,
/// or `a[p·lda + r]` when `transpose_a`.
///
/// Each `B` row segment is loaded once per `p` and multiplied by `rows` broadcast scalars of
/// `A`, into `rows × vectors` accumulators (at most eight), in order of `p`.
INLINE_KERNEL void block(
    int rows, int vectors, int masked, int transpose_a, ptrdiff_t i, ptrdiff_t j,
    ptrdiff_t columns, ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda, const float *b,
    ptrdiff_t ldb, float beta, const float *row, float *c, ptrdiff_t ldc) {
  __m256 acc[4][2];
  for (int r = 0; r < rows; r++)
    for (int v = 0; v < vectors; v++) acc[r][v] = _mm256_setzero_ps();
  const __m256i last = first_lanes(columns - 8 * (vectors - 1));
  const ptrdiff_t row_step = transpose_a ? 1 : lda;
  const ptrdiff_t p_step = transpose_a ? lda : 1;
  const float *a_block = a + i * row_step;
  const float *b_row = b + j;
  for (ptrdiff_t p = 0; p < k; p++) {
    __m256 segment[2];
    for (int v = 0; v < vectors; v++) segment[v] = load_vector(b_row, v, vectors, masked, last);
    for (int r = 0; r < rows; r++) {
      __m256 scalar = _mm256_broadcast_ss(a_block + r * row_step + p * p_step);
      for (int v = 0; v < vectors; v++) acc[r][v] = _mm256_fmadd_ps(scalar, segment[v], acc[r][v]);
    }
    b_row += ldb;
  }
  store_block(rows, vectors, masked, acc, i, j, columns, alpha, beta, row, c, ldc);
}

/// The depth from which a product of at most four rows and eight columns runs in
/// ``deep_product``.
enum { deep_depth = 64 };

/// A product of `rows ≤ 4` rows and at most eight columns with a long `k` (a weight gradient
/// summed over a batch: 3×300ᵀ·300×5), which ``block`` would compute as `rows` chains of `k`
/// fused multiply–adds, each waiting on the one before. Here `sets` sets of accumulators (four
/// up to two rows, two for three or four) take `p` in turn, `p ≡ s (mod sets)`, each in order
/// of `p`; they are added at the end (`(s₀ + s₁) + (s₂ + s₃)`), then the last `k mod sets`
/// terms in order.
INLINE_KERNEL void deep_product(
    int rows, int masked, int transpose_a, ptrdiff_t n, ptrdiff_t k, float alpha,
    const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb, float beta, const float *row,
    float *c, ptrdiff_t ldc) {
  enum { most_sets = 4 };
  const int sets = rows <= 2 ? 4 : 2;
  __m256 acc[most_sets][4][2];
  for (int s = 0; s < sets; s++)
    for (int r = 0; r < rows; r++) acc[s][r][0] = _mm256_setzero_ps();
  const __m256i last = first_lanes(n);
  const ptrdiff_t row_step = transpose_a ? 1 : lda;
  const ptrdiff_t p_step = transpose_a ? lda : 1;
#define SEGMENT(p) load_vector(b + (p) * ldb, 0, 1, masked, last)
  ptrdiff_t p = 0;
  for (; p + sets <= k; p += sets) {
    for (int s = 0; s < sets; s++) {
      const __m256 segment = SEGMENT(p + s);
      for (int r = 0; r < rows; r++)
        acc[s][r][0] = _mm256_fmadd_ps(
            _mm256_broadcast_ss(a + r * row_step + (p + s) * p_step), segment, acc[s][r][0]);
    }
  }
  for (int r = 0; r < rows; r++) {
    __m256 sum = _mm256_add_ps(acc[0][r][0], acc[1][r][0]);
    if (sets == 4) sum = _mm256_add_ps(sum, _mm256_add_ps(acc[2][r][0], acc[3][r][0]));
    acc[0][r][0] = sum;
  }
  for (; p < k; p++) {
    const __m256 segment = SEGMENT(p);
    for (int r = 0; r < rows; r++)
      acc[0][r][0] = _mm256_fmadd_ps(
          _mm256_broadcast_ss(a + r * row_step + p * p_step), segment, acc[0][r][0]);
  }
#undef SEGMENT
  store_block(rows, 1, masked, acc[0], 0, 0, n, alpha, beta, row, c, ldc);
}

/// ``deep_product`` for each number of rows and both ends of the columns.
INLINE_KERNEL void deep(
    int transpose_a, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a,
    ptrdiff_t lda, const float *b, ptrdiff_t ldb, float beta, const float *row, float *c,
    ptrdiff_t ldc) {
#define DEEP(rows, masked) \
  deep_product(rows, masked, transpose_a, n, k, alpha, a, lda, b, ldb, beta, row, c, ldc)
#define ROWS(masked)               \
  switch (m) {                     \
  case 1: DEEP(1, masked); break;  \
  case 2: DEEP(2, masked); break;  \
  case 3: DEEP(3, masked); break;  \
  default: DEEP(4, masked); break; \
  }
  if (n < 8)
    ROWS(1)
  else
    ROWS(0)
#undef ROWS
#undef DEEP
}

/// The blocks of rows `0 ..< m` for the columns `j ..< j + columns`, four rows at a time.
INLINE_KERNEL void column_strip(
    int vectors, int masked, int transpose_a, ptrdiff_t m, ptrdiff_t j, ptrdiff_t columns,
    ptrdiff_t k, float alpha, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
    float beta, const float *row, float *c, ptrdiff_t ldc) {
#define BLOCK(rows) \
  block(rows, vectors, masked, transpose_a, i, j, columns, k, alpha, a, lda, b, ldb, beta, row, c, \
        ldc)
  ptrdiff_t i = 0;
  for (; i + 4 <= m; i += 4) BLOCK(4);
  switch (m - i) {
  case 3: BLOCK(3); break;
  case 2: BLOCK(2); break;
  case 1: BLOCK(1); break;
  default: break;
  }
#undef BLOCK
}

/// The column strips of `C`, 16 columns (two vectors) at a time, then 8 or fewer.
INLINE_KERNEL void multiply(
    int transpose_a, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a,
    ptrdiff_t lda, const float *b, ptrdiff_t ldb, float beta, const float *row, float *c,
    ptrdiff_t ldc) {
#define STRIP(vectors, masked, columns)                                                         \
  column_strip(vectors, masked, transpose_a, m, j, columns, k, alpha, a, lda, b, ldb, beta, row, \
               c, ldc)
  ptrdiff_t j = 0;
  for (; j + 16 <= n; j += 16) STRIP(2, 0, 16);
  ptrdiff_t rest = n - j;
  if (rest > 8)
    STRIP(2, 1, rest);
  else if (rest == 8)
    STRIP(1, 0, 8);
  else if (rest > 0)
    STRIP(1, 1, rest);
#undef STRIP
}

WIDE_KERNEL void protograd_sgemm_small_avx2(
    int transpose_a, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a,
    ptrdiff_t lda, const float *b, ptrdiff_t ldb, float beta, const float *row, float *c,
    ptrdiff_t ldc) {
  if (m >= 1 && m <= 4 && n >= 1 && n <= 8 && k >= deep_depth) {
    if (transpose_a)
      deep(1, m, n, k, alpha, a, lda, b, ldb, beta, row, c, ldc);
    else
      deep(0, m, n, k, alpha, a, lda, b, ldb, beta, row, c, ldc);
    return;
  }
  // One copy of the loops per layout of A, so that the compiler unrolls each with constant steps.
  if (transpose_a)
    multiply(1, m, n, k, alpha, a, lda, b, ldb, beta, row, c, ldc);
  else
    multiply(0, m, n, k, alpha, a, lda, b, ldb, beta, row, c, ldc);
}

#else

void protograd_sgemm_small_avx2(
    int transpose_a, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha, const float *a,
    ptrdiff_t lda, const float *b, ptrdiff_t ldb, float beta, const float *row, float *c,
    ptrdiff_t ldc) {
  (void)transpose_a, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda, (void)b;
  (void)ldb, (void)beta, (void)row, (void)c, (void)ldc;
  __builtin_trap();  // C would be left unwritten: never called where the check fails
}

#endif
