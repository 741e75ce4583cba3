import Engine
import NN
import WGAN
import Foundation

// quick timing
var rng = RandomGenerator(seed: 0)
let g = DCGANGenerator(rng: &rng)
let d = DCGANCritic(rng: &rng)
let og = Adam(parameters: g.parameters), od = Adam(parameters: d.parameters)
let batch = Int(CommandLine.arguments.dropFirst().first ?? "64")!
let real = rng.uniform(shape: [batch, 28, 28, 1], low: -1, high: 1)
func iter() throws {
    for _ in 0..<3 { _ = try criticStep(generator: g, critic: d, optimizer: od, real: real, loss: .wganGP, gpWeight: 10, clip: 0.01, rng: &rng) }
    _ = try generatorStep(generator: g, critic: d, optimizer: og, batchSize: batch, rng: &rng)
}
try iter()
let t0 = Date(); BLAS.flops = 0
for _ in 0..<3 { try iter() }
let dt = Date().timeIntervalSince(t0) / 3
print(String(format: "%.3f s/iter, %.1f GFLOP/s", dt, Double(BLAS.flops) / 3 / dt / 1e9))
