#include <oneapi/dnnl/dnnl.h>
#include <dlfcn.h>
// oneDNN runs its sgemm on OpenMP threads (libgomp, loaded with it). The thread count is a setting of
// the calling thread; reached through dlsym so that nothing links libgomp by name.
static inline void wgan_omp_set_num_threads(int n) {
    void (*f)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (f) f(n);
}
static inline int wgan_omp_get_max_threads(void) {
    int (*f)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_max_threads");
    return f ? f() : 1;
}
