// The CBLAS interface: OpenBLAS on Linux (Debian's libopenblas-dev), Accelerate on macOS.
#if defined(__APPLE__)
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
#endif
