#include <hdf5.h>
// HDF5's type and property-list ids are macros over globals (H5T_NATIVE_FLOAT is H5OPEN H5T_NATIVE_FLOAT_g): Swift cannot import them.
static inline hid_t wgan_h5t_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t wgan_h5t_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t wgan_h5t_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t wgan_h5t_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t wgan_h5t_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t wgan_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t wgan_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t wgan_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t wgan_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t wgan_h5s_all(void) { return H5S_ALL; }
static inline unsigned wgan_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned wgan_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline size_t wgan_h5t_variable(void) { return H5T_VARIABLE; }
/// Silences HDF5's automatic error-stack printing: the project reports errors itself.
static inline void wgan_h5_silence(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline hid_t wgan_h5p_link_create(void) { return H5P_LINK_CREATE; }
static inline unsigned wgan_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
