// The reference critic's 5x5 stride-2 "same" convolutions (NHWC activations, [KH, KW, C, OC] weights as
// the project keeps them) timed with oneDNN, layer by layer, in the form of `wgan-bench --conv-layers`:
// the side-by-side behind docs/performance.md's oneDNN figures. Weights go to oneDNN's preferred
// layout and weight gradients come back through reorders, which are timed too.
//   apt-get install libdnnl-dev
//   g++ -O2 scripts/onednn-layers.cpp -o /tmp/onednn-layers -ldnnl && /tmp/onednn-layers 128
#include <dnnl.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>
using namespace dnnl;

static double median_ms(const std::function<void()>& f, stream& s, int repeats = 20) {
    f(); s.wait();
    std::vector<double> t;
    for (int r = 0; r < repeats; r++) {
        auto a = std::chrono::steady_clock::now();
        f(); s.wait();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    }
    std::sort(t.begin(), t.end());
    return t[repeats / 2];
}

int main(int argc, char** argv) {
    int B = argc > 1 ? atoi(argv[1]) : 64;
    struct Layer { int h, c, oc; } layers[] = {{28, 1, 64}, {14, 64, 128}, {7, 128, 256}, {4, 256, 512}};
    engine eng(engine::kind::cpu, 0);
    stream s(eng);
    for (auto l : layers) {
        int h = l.h, c = l.c, oc = l.oc, oh = (h + 1) / 2, k = 5;
        int total = std::max((oh - 1) * 2 + k - h, 0), pl = total / 2, pr = total - pl;  // TensorFlow's "same"
        memory::dims src_d = {B, c, h, h}, w_d = {oc, c, k, k}, dst_d = {B, oc, oh, oh};
        auto f32 = memory::data_type::f32;
        auto src_md = memory::desc(src_d, f32, memory::format_tag::nhwc);
        auto dst_md = memory::desc(dst_d, f32, memory::format_tag::nhwc);
        auto w_hwio = memory::desc(w_d, f32, memory::format_tag::hwio);
        auto w_any = memory::desc(w_d, f32, memory::format_tag::any);
        auto fwd = convolution_forward::primitive_desc(convolution_forward::desc(prop_kind::forward_training,
            algorithm::convolution_direct, src_md, w_any, dst_md, {2, 2}, {pl, pl}, {pr, pr}), eng);
        auto bwd_data = convolution_backward_data::primitive_desc(convolution_backward_data::desc(
            algorithm::convolution_direct, src_md, w_any, dst_md, {2, 2}, {pl, pl}, {pr, pr}), eng, fwd);
        auto bwd_weights = convolution_backward_weights::primitive_desc(convolution_backward_weights::desc(
            algorithm::convolution_direct, src_md, w_any, dst_md, {2, 2}, {pl, pl}, {pr, pr}), eng, fwd);
        memory src(src_md, eng), dst(dst_md, eng), w(w_hwio, eng), wf(fwd.weights_desc(), eng), wb(bwd_data.weights_desc(), eng);
        memory dw(bwd_weights.diff_weights_desc(), eng), dw_hwio(w_hwio, eng);
        for (auto* m : {&src, &dst, &w}) {
            float* p = (float*)m->get_data_handle();
            for (size_t i = 0; i < m->get_desc().get_size() / sizeof(float); i++) p[i] = rand() / (float)RAND_MAX - 0.5f;
        }
        auto to_fwd = reorder(w, wf), to_bwd = reorder(w, wb), back = reorder(dw, dw_hwio);
        auto conv = convolution_forward(fwd);
        auto data = convolution_backward_data(bwd_data);
        auto weights = convolution_backward_weights(bwd_weights);
        double tf = median_ms([&] { conv.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wf}, {DNNL_ARG_DST, dst}}); }, s);
        double td = median_ms([&] { data.execute(s, {{DNNL_ARG_DIFF_SRC, src}, {DNNL_ARG_WEIGHTS, wb}, {DNNL_ARG_DIFF_DST, dst}}); }, s);
        double tw = median_ms([&] { weights.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_WEIGHTS, dw}, {DNNL_ARG_DIFF_DST, dst}}); }, s);
        double tr = median_ms([&] { to_fwd.execute(s, w, wf); to_bwd.execute(s, w, wb); back.execute(s, dw, dw_hwio); }, s);
        printf("B %d %dx%dx%d->%dx%dx%d: fwd %.2f ms, bwd data %.2f, bwd weights %.2f (weight reorders %.2f; %s, %s, %s)\n",
               B, h, h, c, oh, oh, oc, tf, td, tw, tr, fwd.impl_info_str(), bwd_data.impl_info_str(), bwd_weights.impl_info_str());
    }
}
