#include <oneapi/dnnl/dnnl.h>
#include <dlfcn.h>
// oneDNN runs its sgemm on OpenMP threads (libgomp, loaded with it). The thread count is a setting of
// the calling thread. Every OpenMP entry point is reached through dlsym (looked up once) so that
// nothing links libgomp by name.
static inline void wgan_omp_set_num_threads(int n) {
    static void (*f)(int);
    if (!f) f = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (f) f(n);
}
static inline int wgan_omp_get_max_threads(void) {
    static int (*f)(void);
    if (!f) f = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_max_threads");
    return f ? f() : 1;
}
// Runs fn(data) on a team of n OpenMP threads (the caller is thread 0), the threads oneDNN's kernels
// run on: work of our own between oneDNN calls then needs no second thread pool. 0 if libgomp is absent.
static inline int wgan_gomp_parallel(void (*fn)(void *), void *data, unsigned n) {
    static void (*f)(void (*)(void *), void *, unsigned, unsigned);
    if (!f) f = (void (*)(void (*)(void *), void *, unsigned, unsigned))dlsym(RTLD_DEFAULT, "GOMP_parallel");
    if (!f) return 0;
    f(fn, data, n, 0);
    return 1;
}
static inline int wgan_omp_get_thread_num(void) {
    static int (*f)(void);
    if (!f) f = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_thread_num");
    return f ? f() : 0;
}
static inline int wgan_omp_get_num_threads(void) {
    static int (*f)(void);
    if (!f) f = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_num_threads");
    return f ? f() : 1;
}
