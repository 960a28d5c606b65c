// The system zlib (Debian's zlib1g-dev; part of the SDK on macOS), for reading gzip files.
#include <zlib.h>

// inflateInit2 is a macro, which Swift cannot call: this starts a stream that inflates exactly
// one gzip member (window bits 15, plus 16 for the gzip wrapper rather than zlib's).
static inline int protograd_inflateInitGzip(z_streamp stream) {
  return inflateInit2(stream, 15 + 16);
}
