import Engine
import Foundation

/// Milliseconds per call of the reference critic's 5x5 stride-2 convolutions, layer by layer, at
/// `batch` images: forward, input gradient and weight gradient (the weight gradient from fresh
/// patches, as the penalty's second backward needs it), each the median of `repeats` calls after one
/// untimed call. Printed in the same form as `scripts/onednn-layers.cpp`, to compare kernels side by side.
func timeConvLayers(batch: Int, repeats: Int) {
    var rng = RandomGenerator(seed: 0)
    for (h, c, oc) in [(28, 1, 64), (14, 64, 128), (7, 128, 256), (4, 256, 512)] {
        let x = rng.normal(shape: [batch, h, h, c]), w = rng.normal(shape: [5, 5, c, oc])
        let g = ConvGeometry(input: x.shape, kernel: w.shape, stride: 2, padding: .same)
        let gy = rng.normal(shape: g.outputShape)
        func ms(_ body: () -> Tensor) -> Double {
            _ = body()
            let times = (0..<repeats).map { _ -> Double in
                let start = DispatchTime.now().uptimeNanoseconds
                _ = body()
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            }
            return times.sorted()[repeats / 2]
        }
        let (forward, input, weight) = withoutGrad {
            (ms { conv2d(x, w, stride: 2) }, ms { convInputGrad(gy, w, g) }, ms { convWeightGrad(x, gy, g) })
        }
        print(
            String(
                format: "B %d %dx%dx%d->%dx%dx%d: fwd %.2f ms, bwd data %.2f, bwd weights %.2f",
                batch, h, h, c, g.oh, g.ow, oc, forward, input, weight))
    }
}
