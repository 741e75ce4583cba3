// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first; each target depends only on targets above it in this list.
//   CHDF5 CPNG COpenBLAS CZlib CGIF  system libraries (pkg-config where the package has it) with a shim.h each
//   Engine   tensors, kernels on cblas_sgemm, reverse-mode autodiff (differentiable backward), RNG
//   NN       modules with named parameters, layers, optimizers
//   IO       HDF5 (modules by dotted name), PNG, GIF, MNIST IDX (gzip + SHA-256), atomic writes, plots
//   WGAN     architectures, losses, the training state, checkpoints, sampling
//   Metrics  the MNIST classifier, Inception Score, coverage, Frechet distance, precision/recall
//   CLISupport  option groups, progress, signals, error lines shared by the executables
//   executables: thin command lines
let package = Package(
    name: "wgan-swift",
    products: [
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "IO", targets: ["IO"]),
        .library(name: "WGAN", targets: ["WGAN"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .executable(name: "wgan-train", targets: ["wgan-train"]),
        .executable(name: "wgan-resume", targets: ["wgan-resume"]),
        .executable(name: "wgan-sample", targets: ["wgan-sample"]),
        .executable(name: "wgan-interpolate", targets: ["wgan-interpolate"]),
        .executable(name: "wgan-export", targets: ["wgan-export"]),
        .executable(name: "wgan-curves", targets: ["wgan-curves"]),
        .executable(name: "wgan-classifier", targets: ["wgan-classifier"]),
        .executable(name: "wgan-evaluate", targets: ["wgan-evaluate"]),
        .executable(name: "wgan-bench", targets: ["wgan-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CGIF", providers: [.apt(["libgif-dev"])]),
        .target(name: "Engine", dependencies: ["COpenBLAS"]),
        .target(name: "NN", dependencies: ["Engine"]),
        .target(name: "IO", dependencies: ["Engine", "NN", "CHDF5", "CPNG", "CZlib", "CGIF"]),
        .target(name: "WGAN", dependencies: ["Engine", "NN", "IO"]),
        .target(name: "Metrics", dependencies: ["Engine", "NN", "IO"]),
        .target(name: "CLISupport", dependencies: [
            "WGAN", "Metrics", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "wgan-train", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-resume", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-sample", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-interpolate", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-export", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-curves", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-classifier", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-evaluate", dependencies: ["CLISupport"]),
        .executableTarget(name: "wgan-bench", dependencies: ["CLISupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "NN"]),
        .testTarget(name: "IOTests", dependencies: ["IO", "Engine"]),
        .testTarget(name: "WGANTests", dependencies: ["WGAN"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "IO", "Engine"]),
        .testTarget(name: "CLITests", dependencies: ["IO"]),
    ],
    swiftLanguageModes: [.v6]
)
