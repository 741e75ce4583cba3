#include <zlib.h>
// inflateInit2 is a macro over inflateInit2_ with the version and stream size.
static inline int wgan_inflate_init_gzip(z_streamp strm) { return inflateInit2(strm, 15 + 32); }
