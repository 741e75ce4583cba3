#include <gif_lib.h>
// giflib ships no pkg-config file on Debian; the header sits on the default include path.
static inline int wgan_gif_application_ext(void) { return APPLICATION_EXT_FUNC_CODE; }
static inline int wgan_gif_graphics_ext(void) { return GRAPHICS_EXT_FUNC_CODE; }
