#include <png.h>
// libpng's simplified API (png_image) uses macros for sizes and versions.
static inline unsigned wgan_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline unsigned wgan_png_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline unsigned wgan_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline const char *wgan_png_libver(void) { return PNG_LIBPNG_VER_STRING; }
