#include "wide_kernels.h"

#if defined(__x86_64__)
#include "avx2_row_ends.h"

/// Loops over accumulators are unrolled whole, so that the accumulators live in registers (at
/// -O2 clang kept the arrays on the stack, storing every accumulator after each tap).
#define UNROLLED _Pragma("clang loop unroll(full)")

// Direct convolution, stride 1, no padding: each output row is computed from the input rows it
// covers, eight positions per vector, with no patch matrix in between. The geometry below names
// one image `[c, h, w]`, the filter `[o, c, kh, kw]` and one output `[o, oh, ow]`, with
// oh = h − kh + 1 and ow = w − kw + 1 ≤ 32 (at most four vectors per row).

/// Vector `v` of a row whose last vector holds `last` (< 8 only when the row has a partial end)
/// lanes: the partial one is read with a masked load, which reads nothing past the row's end.
INLINE_KERNEL __m256 load_vector(const float *row, int v, int vectors, int partial, __m256i mask) {
  return partial && v + 1 == vectors ? _mm256_maskload_ps(row + 8 * v, mask)
                                     : _mm256_loadu_ps(row + 8 * v);
}

/// One output row `y` of `filters` consecutive output channels from `oc`:
/// `output[oc + f][y][x] = bias[oc + f] + Σ_{ci, ki, kj} filter[oc + f][ci][ki][kj] ·
/// image[ci][y + ki][x + kj]`, with the filter packed `[ci][ki][kj][o]` so that the `filters`
/// weights of one tap are adjacent. Terms are added in order of (ci, ki, kj), onto the bias.
INLINE_KERNEL void forward_row(
    int vectors, int filters, const float *image, ptrdiff_t channels, ptrdiff_t height,
    ptrdiff_t width, const float *packed, ptrdiff_t output_channels, ptrdiff_t kh, ptrdiff_t kw,
    const float *bias, float *output, ptrdiff_t oc, ptrdiff_t y) {
  const ptrdiff_t oh = height - kh + 1, ow = width - kw + 1;
  const ptrdiff_t last = ow - 8 * (vectors - 1);
  const int partial = last < 8;
  const __m256i mask = first_lanes(last);
  __m256 acc[8][4];
  UNROLLED for (int f = 0; f < filters; f++) {
    const __m256 start = _mm256_set1_ps(bias ? bias[oc + f] : 0.0f);
    UNROLLED for (int v = 0; v < vectors; v++) acc[f][v] = start;
  }
  const float *weights = packed + oc;
  for (ptrdiff_t ci = 0; ci < channels; ci++) {
    for (ptrdiff_t ki = 0; ki < kh; ki++) {
      const float *row = image + (ci * height + y + ki) * width;
      for (ptrdiff_t kj = 0; kj < kw; kj++) {
        __m256 pixels[4];
        UNROLLED for (int v = 0; v < vectors; v++)
          pixels[v] = load_vector(row + kj, v, vectors, partial, mask);
        UNROLLED for (int f = 0; f < filters; f++) {
          const __m256 weight = _mm256_broadcast_ss(weights + f);
          UNROLLED for (int v = 0; v < vectors; v++)
            acc[f][v] = _mm256_fmadd_ps(weight, pixels[v], acc[f][v]);
        }
        weights += output_channels;
      }
    }
  }
  UNROLLED for (int f = 0; f < filters; f++) {
    float *target = output + ((oc + f) * oh + y) * ow;
    UNROLLED for (int v = 0; v < vectors; v++) {
      if (partial && v + 1 == vectors)
        store_first(target + 8 * v, acc[f][v], last);
      else
        _mm256_storeu_ps(target + 8 * v, acc[f][v]);
    }
  }
}

/// All output channels of one image, `block` channels at a time (at most twelve accumulators,
/// `block · vectors`), the last block narrower.
INLINE_KERNEL void forward_image(
    int vectors, int block, const float *image, ptrdiff_t channels, ptrdiff_t height,
    ptrdiff_t width, const float *packed, ptrdiff_t output_channels, ptrdiff_t kh, ptrdiff_t kw,
    const float *bias, float *output) {
  const ptrdiff_t oh = height - kh + 1;
#define ROW(filters)                                                                          \
  forward_row(vectors, filters, image, channels, height, width, packed, output_channels, kh, kw, \
              bias, output, oc, y)
  ptrdiff_t oc = 0;
  for (; oc + block <= output_channels; oc += block)
    for (ptrdiff_t y = 0; y < oh; y++) ROW(block);
  const ptrdiff_t rest = output_channels - oc;
  if (rest > 0) {
    for (ptrdiff_t y = 0; y < oh; y++) {
      switch (rest) {
      case 1: ROW(1); break;
      case 2: ROW(2); break;
      case 3: ROW(3); break;
      case 4: ROW(4); break;
      case 5: ROW(5); break;
      case 6: ROW(6); break;
      case 7: ROW(7); break;
      default: break;
      }
    }
  }
#undef ROW
}

WIDE_KERNEL void protograd_conv2d_forward_avx2(
    const float *input, ptrdiff_t images, ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width,
    const float *packed_filter, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, const float *bias, float *output) {
  const ptrdiff_t oh = height - kernel_height + 1, ow = width - kernel_width + 1;
  const int vectors = (int)((ow + 7) / 8);
  for (ptrdiff_t b = 0; b < images; b++) {
    const float *image = input + b * channels * height * width;
    float *out = output + b * output_channels * oh * ow;
#define IMAGE(vectors, block)                                                                \
  forward_image(vectors, block, image, channels, height, width, packed_filter, output_channels, \
                kernel_height, kernel_width, bias, out)
    switch (vectors) {
    case 1: IMAGE(1, 8); break;
    case 2: IMAGE(2, 5); break;
    case 3: IMAGE(3, 3); break;
    default: IMAGE(4, 2); break;
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
/// the `images`: `gradient[oc + f][ci][ki][kj] += Σ_{b, y, x} upstream[b][oc + f][y][x] ·
/// input[b][ci][y + ki][x + kj]` for every `kj < kw`, eight positions x per lane, the lanes
/// summed at the end. Every image is read for each such block of taps: the images of a part of
/// the batch stay in the L2 cache meanwhile.
INLINE_KERNEL void filter_gradient_taps(
    int vectors, int filters, int kw, const float *input, const float *upstream,
    ptrdiff_t images, ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width,
    ptrdiff_t output_channels, ptrdiff_t kh, float *gradient, ptrdiff_t oc, ptrdiff_t ci,
    ptrdiff_t ki) {
  const ptrdiff_t oh = height - kh + 1, ow = width - kw + 1;
  const ptrdiff_t last = ow - 8 * (vectors - 1);
  const int partial = last < 8;
  const __m256i mask = first_lanes(last);
  __m256 acc[2][8];
  UNROLLED for (int f = 0; f < filters; f++)
    UNROLLED for (int kj = 0; kj < kw; kj++) acc[f][kj] = _mm256_setzero_ps();
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
  UNROLLED for (int f = 0; f < filters; f++) {
    float *target = gradient + (((oc + f) * channels + ci) * kh + ki) * kw;
    UNROLLED for (int kj = 0; kj < kw; kj++) target[kj] += lane_sum(acc[f][kj]);
  }
}

/// Every tap of the filter gradient for kernels `kw` wide: two output channels at a time up to
/// five columns (ten accumulators), one at a time for wider kernels.
INLINE_KERNEL void filter_gradient(
    int vectors, int kw, const float *input, const float *upstream, ptrdiff_t images,
    ptrdiff_t channels, ptrdiff_t height, ptrdiff_t width, ptrdiff_t output_channels,
    ptrdiff_t kh, float *gradient) {
  const int block = kw <= 5 ? 2 : 1;
#define TAPS(filters)                                                                       \
  filter_gradient_taps(vectors, filters, kw, input, upstream, images, channels, height, width, \
                       output_channels, kh, gradient, oc, ci, ki)
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

WIDE_KERNEL void protograd_conv2d_filter_gradient_avx2(
    const float *input, const float *upstream, ptrdiff_t images, ptrdiff_t channels,
    ptrdiff_t height, ptrdiff_t width, ptrdiff_t output_channels, ptrdiff_t kernel_height,
    ptrdiff_t kernel_width, float *gradient) {
  const ptrdiff_t ow = width - kernel_width + 1;
  const int vectors = (int)((ow + 7) / 8);
#define KERNEL(vectors, kw)                                                                  \
  filter_gradient(vectors, kw, input, upstream, images, channels, height, width, output_channels, \
                  kernel_height, gradient)
#define WIDTHS(vectors)            \
  switch (kernel_width) {          \
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
    ptrdiff_t kernel_width, float *gradient) {
  (void)input, (void)upstream, (void)images, (void)channels, (void)height, (void)width;
  (void)output_channels, (void)kernel_height, (void)kernel_width, (void)gradient;
  __builtin_trap();  // never called where the check fails
}

#endif
