#include "wide_kernels.h"

#if defined(__x86_64__)
#include "avx2_kernel_support.h"

// Direct convolution, stride 1, no padding: each output row is computed from the input rows it
// covers, eight positions per vector, with no patch matrix in between. The geometry below names
// one image `[c, h, w]`, the filter `[o, c, kh, kw]` and one output `[o, oh, ow]`, with
// oh = h − kh + 1 and ow = w − kw + 1 ≤ 32 (at most four vectors per row).

/// Output rows `y ..< y + rows` of `filters` consecutive output channels from `oc`:
/// `output[oc + f][y][x] = bias[oc + f] + Σ_{ci, ki, kj} filter[oc + f][ci][ki][kj] ·
/// image[ci][y + ki][x + kj]`, with the filter packed `[ci][ki][kj][o]` so that the `filters`
/// weights of one tap are adjacent. Terms are added in order of (ci, ki, kj), onto the bias.
/// Each weight is loaded once for the `rows × vectors` pixel vectors it multiplies.
INLINE_KERNEL void forward_rows(
    int rows, int vectors, int partial, int filters, const float *image, ptrdiff_t channels,
    ptrdiff_t height, ptrdiff_t width, const float *packed, ptrdiff_t output_channels,
    ptrdiff_t kh, ptrdiff_t kw, const float *bias, float *output, ptrdiff_t oc, ptrdiff_t y) {
  const ptrdiff_t oh = height - kh + 1, ow = width - kw + 1;
  const ptrdiff_t last = ow - 8 * (vectors - 1);
  const __m256i mask = partial ? first_lanes(last) : _mm256_setzero_si256();
  __m256 acc[2][8][4];
  UNROLLED for (int f = 0; f < filters; f++) {
    const __m256 start = _mm256_set1_ps(bias ? bias[oc + f] : 0.0f);
    UNROLLED for (int r = 0; r < rows; r++)
      UNROLLED for (int v = 0; v < vectors; v++) acc[r][f][v] = start;
  }
  const float *weights = packed + oc;
  for (ptrdiff_t ci = 0; ci < channels; ci++) {
    for (ptrdiff_t ki = 0; ki < kh; ki++) {
      const float *row = image + (ci * height + y + ki) * width;
      for (ptrdiff_t kj = 0; kj < kw; kj++) {
        __m256 pixels[2][4];
        UNROLLED for (int r = 0; r < rows; r++)
          UNROLLED for (int v = 0; v < vectors; v++)
            pixels[r][v] = load_vector(row + r * width + kj, v, vectors, partial, mask);
        UNROLLED for (int f = 0; f < filters; f++) {
          const __m256 weight = _mm256_broadcast_ss(weights + f);
          UNROLLED for (int r = 0; r < rows; r++)
            UNROLLED for (int v = 0; v < vectors; v++)
              acc[r][f][v] = _mm256_fmadd_ps(weight, pixels[r][v], acc[r][f][v]);
        }
        weights += output_channels;
      }
    }
  }
  UNROLLED for (int f = 0; f < filters; f++) {
    UNROLLED for (int r = 0; r < rows; r++) {
      float *target = output + ((oc + f) * oh + y + r) * ow;
      UNROLLED for (int v = 0; v < vectors; v++) {
        if (partial && v + 1 == vectors)
          store_first(target + 8 * v, acc[r][f][v], last);
        else
          _mm256_storeu_ps(target + 8 * v, acc[r][f][v]);
      }
    }
  }
}

/// All output channels of one image, `block` channels and `rows` output rows at a time (at most
/// twelve accumulators, `rows · block · vectors`), the last block of channels narrower and the
/// last row alone if `rows` does not divide the rows.
INLINE_KERNEL void forward_image(
    int rows, int vectors, int partial, int block, const float *image, ptrdiff_t channels,
    ptrdiff_t height, ptrdiff_t width, const float *packed, ptrdiff_t output_channels,
    ptrdiff_t kh, ptrdiff_t kw, const float *bias, float *output) {
  const ptrdiff_t oh = height - kh + 1;
#define ROWS(rows, filters)                                                                \
  forward_rows(rows, vectors, partial, filters, image, channels, height, width, packed,     \
               output_channels, kh, kw, bias, output, oc, y)
#define CHANNELS(filters)                                  \
  {                                                        \
    ptrdiff_t y = 0;                                       \
    for (; y + rows <= oh; y += rows) ROWS(rows, filters); \
    for (; y < oh; y++) ROWS(1, filters);                  \
  }
  ptrdiff_t oc = 0;
  for (; oc + block <= output_channels; oc += block) CHANNELS(block)
  switch (output_channels - oc) {
  case 1: CHANNELS(1) break;
  case 2: CHANNELS(2) break;
  case 3: CHANNELS(3) break;
  case 4: CHANNELS(4) break;
  case 5: CHANNELS(5) break;
  case 6: CHANNELS(6) break;
  case 7: CHANNELS(7) break;
  default: break;
  }
#undef CHANNELS
#undef ROWS
}

WIDE_KERNEL void protograd_conv2d_forward_avx2(
    const float *input, ptrdiff_t images, ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width,
    const float *packed_filter, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, const float *bias, float *output) {
  const ptrdiff_t oh = height - kernel_height + 1, ow = width - kernel_width + 1;
  if (ow < 1 || ow > 32 || oh < 1) __builtin_trap();  // outside the kernel's contract
  const int vectors = (int)((ow + 7) / 8);
  for (ptrdiff_t b = 0; b < images; b++) {
    const float *image = input + b * channels * height * width;
    float *out = output + b * output_channels * oh * ow;
#define IMAGE(rows, vectors, block)                                                          \
  if (ow % 8)                                                                                 \
    forward_image(rows, vectors, 1, block, image, channels, height, width, packed_filter,     \
                  output_channels, kernel_height, kernel_width, bias, out);                  \
  else                                                                                        \
    forward_image(rows, vectors, 0, block, image, channels, height, width, packed_filter,     \
                  output_channels, kernel_height, kernel_width, bias, out);
    switch (vectors) {
    case 1: IMAGE(2, 1, 6) break;
    case 2: IMAGE(1, 2, 5) break;
    case 3: IMAGE(1, 3, 3) break;
    default: IMAGE(1, 4, 2) break;
    }
#undef IMAGE
  }
}

/// Horizontal sum of the eight lanes.
INLINE_KERNEL float lane_sum(__m256 v) {
  __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  half = _mm_add_ps(half, _mm_movehl_ps(half, half));
  half = _mm_add_ss(half, _mm_movehdup_ps(half));
  return _mm_cvtss_f32(half);
}

/// For input channel `ci`, kernel row `ki` and `filters` output channels from `oc`, summed over
/// the `images`: `lanes[oc + f][ci][ki][kj][l] += Σ_{b, y, x ≡ l mod 8}
/// upstream[b][oc + f][y][x] · input[b][ci][y + ki][x + kj]` for every `kj < kw`. Every image
/// of the group is read for each such block of taps, so groups are small: an image's output
/// gradient planes lie 4 KB apart in LeNet's second layer, all in the same sets of the L1 cache.
INLINE_KERNEL void filter_gradient_taps(
    int vectors, int partial, int filters, int kw, const float *input, const float *upstream,
    ptrdiff_t images, ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width,
    ptrdiff_t output_channels, ptrdiff_t kh, float *lanes, ptrdiff_t oc, ptrdiff_t ci,
    ptrdiff_t ki) {
  const ptrdiff_t oh = height - kh + 1, ow = width - kw + 1;
  const ptrdiff_t last = ow - 8 * (vectors - 1);
  const __m256i mask = partial ? first_lanes(last) : _mm256_setzero_si256();
  __m256 acc[2][8];
  UNROLLED for (int f = 0; f < filters; f++)
    UNROLLED for (int kj = 0; kj < kw; kj++)
      acc[f][kj] = _mm256_loadu_ps(lanes + ((((oc + f) * channels + ci) * kh + ki) * kw + kj) * 8);
  for (ptrdiff_t b = 0; b < images; b++) {
    const float *image = input + (b * channels + ci) * height * width;
    const float *up = upstream + (b * output_channels + oc) * oh * ow;
    for (ptrdiff_t y = 0; y < oh; y++) {
      const float *row = image + (y + ki) * width;
      UNROLLED for (int v = 0; v < vectors; v++) {
        __m256 g[2];
        UNROLLED for (int f = 0; f < filters; f++)
          g[f] = load_vector(up + (f * oh + y) * ow, v, vectors, partial, mask);
        UNROLLED for (int kj = 0; kj < kw; kj++) {
          // Lanes past the row's end are zero in both masked loads.
          const __m256 pixels = load_vector(row + kj, v, vectors, partial, mask);
          UNROLLED for (int f = 0; f < filters; f++)
            acc[f][kj] = _mm256_fmadd_ps(g[f], pixels, acc[f][kj]);
        }
      }
    }
  }
  UNROLLED for (int f = 0; f < filters; f++)
    UNROLLED for (int kj = 0; kj < kw; kj++)
      _mm256_storeu_ps(lanes + ((((oc + f) * channels + ci) * kh + ki) * kw + kj) * 8, acc[f][kj]);
}

/// Every tap of the filter gradient for kernels `kw` wide, into `lanes`: two output channels at
/// a time up to five columns (ten accumulators), one at a time for wider kernels.
INLINE_KERNEL void filter_gradient(
    int vectors, int partial, int kw, const float *input, const float *upstream, ptrdiff_t images,
    ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width, ptrdiff_t output_channels,
    ptrdiff_t kh, float *lanes) {
  const int block = kw <= 5 ? 2 : 1;
#define TAPS(filters)                                                                      \
  filter_gradient_taps(vectors, partial, filters, kw, input, upstream, images, channels, height, \
                       width, output_channels, kh, lanes, oc, ci, ki)
  for (ptrdiff_t ci = 0; ci < channels; ci++) {
    for (ptrdiff_t ki = 0; ki < kh; ki++) {
      ptrdiff_t oc = 0;
      if (block == 2)
        for (; oc + 2 <= output_channels; oc += 2) TAPS(2);
      for (; oc < output_channels; oc++) TAPS(1);
    }
  }
#undef TAPS
}

/// The images of a group, read once per block of taps (see `filter_gradient_taps`).
enum { filter_gradient_group = 4 };

WIDE_KERNEL void protograd_conv2d_filter_gradient_avx2(
    const float *input, const float *upstream, ptrdiff_t images, ptrdiff_t channels,
    ptrdiff_t height, ptrdiff_t width, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, float *lanes, float *gradient) {
  const ptrdiff_t oh = height - kernel_height + 1, ow = width - kernel_width + 1;
  const ptrdiff_t taps = output_channels * channels * kernel_height * kernel_width;
  if (ow < 1 || ow > 32 || oh < 1 || kernel_width > 8) __builtin_trap();  // outside the contract
  const int vectors = (int)((ow + 7) / 8);
  for (ptrdiff_t t = 0; t < 8 * taps; t++) lanes[t] = 0;
  for (ptrdiff_t start = 0; start < images; start += filter_gradient_group) {
    const ptrdiff_t count =
        images - start < filter_gradient_group ? images - start : filter_gradient_group;
    const float *group = input + start * channels * height * width;
    const float *group_upstream = upstream + start * output_channels * oh * ow;
#define KERNEL(vectors, kw)                                                                 \
  if (ow % 8)                                                                               \
    filter_gradient(vectors, 1, kw, group, group_upstream, count, channels, height, width,  \
                    output_channels, kernel_height, lanes);                                 \
  else                                                                                      \
    filter_gradient(vectors, 0, kw, group, group_upstream, count, channels, height, width,  \
                    output_channels, kernel_height, lanes)
  // Every width up to 8, though only 5 to 8 run direct from Swift: with the others left out,
  // clang allocated registers differently in this one function of all the variants, and LeNet's
  // second layer's filter gradient spilled and ran 1.5 times as long. Time it after any change.
#define WIDTHS(vectors)              \
  switch (kernel_width) {            \
  case 1: KERNEL(vectors, 1); break; \
  case 2: KERNEL(vectors, 2); break; \
  case 3: KERNEL(vectors, 3); break; \
  case 4: KERNEL(vectors, 4); break; \
  case 5: KERNEL(vectors, 5); break; \
  case 6: KERNEL(vectors, 6); break; \
  case 7: KERNEL(vectors, 7); break; \
  default: KERNEL(vectors, 8); break; \
  }
    switch (vectors) {
    case 1: WIDTHS(1); break;
    case 2: WIDTHS(2); break;
    case 3: WIDTHS(3); break;
    default: WIDTHS(4); break;
    }
#undef WIDTHS
#undef KERNEL
  }
  for (ptrdiff_t t = 0; t < taps; t++) gradient[t] += lane_sum(_mm256_loadu_ps(lanes + 8 * t));
}

#else

void protograd_conv2d_forward_avx2(
    const float *input, ptrdiff_t images, ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width,
    const float *packed_filter, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, const float *bias, float *output) {
  (void)input, (void)images, (void)channels, (void)height, (void)width, (void)packed_filter;
  (void)output_channels, (void)kernel_height, (void)kernel_width, (void)bias, (void)output;
  __builtin_trap();  // never called where the check fails
}

void protograd_conv2d_filter_gradient_avx2(
    const float *input, const float *upstream, ptrdiff_t images, ptrdiff_t channels,
    ptrdiff_t height, ptrdiff_t width, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, float *lanes, float *gradient) {
  (void)input, (void)upstream, (void)images, (void)channels, (void)height, (void)width;
  (void)output_channels, (void)kernel_height, (void)kernel_width, (void)lanes, (void)gradient;
  __builtin_trap();  // never called where the check fails
}

#endif
