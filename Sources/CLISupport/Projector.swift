import Engine
import Foundation
import IO
import Metrics
import WGAN

/// GAN inversion: for each target image the latent vector whose generated image is closest to it,
/// found by gradient descent on z through the generator (the engine's reverse-mode gradients), from
/// several random starts at once.
///
/// The distance is d(x, y) = mean_pixels (x - y)^2 + w mean_features (phi(x) - phi(y))^2 on images in
/// [0, 1], phi the bundled classifier's 128 features (a pixel term alone lets a reconstruction keep
/// the strokes' place but lose the digit's identity). A model with classes or a named code is given
/// the class the classifier sees in the target (for a named code, that digit's code value); a model
/// with an unnamed code tries its values across the starts. Adam on z, the rate falling on a cosine
/// to zero; the start with the smallest distance wins.
public struct Projector {
    public var restarts = 2
    public var iterations = 80
    public var learningRate: Float = 0.1
    public var featureWeight: Float = 0.02
    public var seed: UInt64 = 0

    public struct Result {
        /// The latent vectors [N, latentDim] and, for models with an input, the values given.
        public var latents: Tensor
        public var labels: [Int]?
        /// The reconstructions [N, 28, 28, C] in [-1, 1] (inference pass, as wgan-sample draws them).
        public var images: Tensor
        /// Per image: root-mean-square pixel error (0-255 scale), feature distance (RMS over the 128
        /// features), and the classifier's class of the target and of the reconstruction.
        public var pixelRMSE: [Double]
        public var featureRMSE: [Double]
        public var targetClass: [Int]
        public var reconstructionClass: [Int]
    }

    public init() {}

    /// Projects `targets` [N, 28, 28, C] in [0, 1] onto generator `g`.
    public func project(_ targets: Tensor, on g: LoadedGenerator, classifier: MNISTClassifier) throws -> Result {
        let n = targets.shape[0], dim = g.config.latentDim, c = targets.shape[3]
        let pixels = 28 * 28 * c
        precondition(c == g.config.imageSpec.channels, "target channels \(c), generator channels differ")
        // What the classifier sees (digits only: Stacked MNIST has no single class).
        let targetPrediction: (probs: [Float], features: [Float]) = c == 1 ? classifier.predict(targets) : ([], [])
        let targetClass =
            c == 1 ? (0..<n).map { argmax(targetPrediction.probs, row: $0, width: 10) } : [Int](repeating: 0, count: n)
        let r = restarts, b = n * r
        // the input value of each start
        var values: [Int]? = nil
        if g.inputValues > 0 {
            if g.isConditional || g.codeDigits != nil {
                let perImage = try g.inputValues(forDigits: targetClass, flag: "wgan-project")
                values = (0..<b).map { perImage[$0 / r] }
            } else {
                values = (0..<b).map { ($0 % r) % g.inputValues }
            }
        }
        let labels = g.inputVectors(values)
        // start points: standard normal, from the seed
        var rng = RandomGenerator(seed: seed ^ 0x7072_6F6A)
        let z = rng.normal(shape: [b, dim])
        var m = [Float](repeating: 0, count: b * dim), v = [Float](repeating: 0, count: b * dim)
        // targets repeated per start, and their features
        let repeated = Tensor(
            shape: [b, 28, 28, c],
            values: (0..<b).flatMap { i in
                Array(UnsafeBufferPointer(start: targets.pointer + (i / r) * pixels, count: pixels))
            })
        let targetFeatures: Tensor? =
            c == 1
            ? Tensor(
                shape: [b, MNISTClassifier.featureCount],
                values: (0..<b).flatMap { i in
                    Array(targetPrediction.features[(i / r) * 128..<((i / r) + 1) * 128])
                }) : nil
        var judgeRng = RandomGenerator(seed: 0)
        var lastLoss = [Double](repeating: .infinity, count: b)
        for it in 0..<iterations {
            let zt = Tensor(shape: [b, dim], values: Array(UnsafeBufferPointer(start: z.pointer, count: b * dim)))
            zt.requiresGrad = true
            let (loss, perSample) = GradMode.with(true) { () -> (Tensor, Tensor) in
                let x = scale(addScalar(g.network(zt, labels: labels, training: false), 1), 0.5)  // [0, 1]
                var per = scale(sumRows(reshape(square(sub(x, repeated)), [b, pixels])), 1 / Float(pixels))
                if let targetFeatures {
                    let f = classifier(x, training: false, rng: &judgeRng).features
                    let fd = scale(
                        sumRows(square(sub(f, targetFeatures))), featureWeight / Float(MNISTClassifier.featureCount))
                    per = add(per, fd)
                }
                return (sum(per), per)
            }
            for i in 0..<b { lastLoss[i] = Double(perSample.pointer[i]) }
            let grad = try gradients(of: loss, wrt: [zt])[0]
            // Adam with a cosine-decaying rate
            let t = Float(it + 1)
            let rate = learningRate * 0.5 * (1 + Foundation.cos(Float.pi * Float(it) / Float(iterations)))
            let (b1, b2): (Float, Float) = (0.9, 0.999)
            let c1 = 1 - Foundation.pow(b1, t), c2 = 1 - Foundation.pow(b2, t)
            for k in 0..<(b * dim) {
                let gk = grad.pointer[k]
                m[k] = b1 * m[k] + (1 - b1) * gk
                v[k] = b2 * v[k] + (1 - b2) * gk * gk
                z.pointer[k] -= rate * (m[k] / c1) / ((v[k] / c2).squareRoot() + 1e-8)
            }
        }
        // the best start of each image, by its last distance
        let best = (0..<n).map { i in (0..<r).min { lastLoss[i * r + $0] < lastLoss[i * r + $1] }! + i * r }
        let latents = Tensor(
            shape: [n, dim],
            values: best.flatMap { Array(UnsafeBufferPointer(start: z.pointer + $0 * dim, count: dim)) })
        let chosen = values.map { v in best.map { v[$0] } }
        let images = g.generate(latents, labels: g.inputVectors(chosen))
        // distances of what is written: the reconstructions quantised to bytes, as the PNGs hold them
        let bytes = Image.digits(images)
        let recon = Tensor(shape: [n, 28, 28, c], values: bytes.flatMap { $0.pixels.map { Float($0) / 255 } })
        let reconPrediction: (probs: [Float], features: [Float]) = c == 1 ? classifier.predict(recon) : ([], [])
        var pixelRMSE: [Double] = [], featureRMSE: [Double] = [], reconClass: [Int] = []
        for i in 0..<n {
            var s = 0.0
            for k in 0..<pixels {
                let d = Double(recon.pointer[i * pixels + k] - targets.pointer[i * pixels + k]) * 255
                s += d * d
            }
            pixelRMSE.append((s / Double(pixels)).squareRoot())
            if c == 1 {
                var f = 0.0
                for k in 0..<128 {
                    let d = Double(reconPrediction.features[i * 128 + k] - targetPrediction.features[i * 128 + k])
                    f += d * d
                }
                featureRMSE.append((f / 128).squareRoot())
                reconClass.append(argmax(reconPrediction.probs, row: i, width: 10))
            } else {
                featureRMSE.append(.nan)
                reconClass.append(0)
            }
        }
        return Result(
            latents: latents, labels: chosen, images: images, pixelRMSE: pixelRMSE, featureRMSE: featureRMSE,
            targetClass: targetClass, reconstructionClass: reconClass)
    }
}
