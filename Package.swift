// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first; each target depends only on targets above it in this list.
//   CHDF5 CPNG COpenBLAS CZlib CGIF CDNNL  system libraries (pkg-config where the package has it) with a shim.h each
//   Engine   tensors, kernels on sgemm (OpenBLAS or oneDNN), reverse-mode autodiff (differentiable backward), RNG
//   NN       modules with named parameters, layers, optimizers
//   IO       HDF5 (named tensors by dotted path), PNG, GIF, MNIST IDX (gzip + SHA-256), atomic writes, plots
//   WGAN     architectures, losses, the training state, checkpoints, sampling
//   Metrics  the MNIST classifier, Inception Score, coverage, Frechet distance, precision/recall
//   ONNX     the ONNX message code (generated from scripts/onnx.proto) and the generators' ONNX graphs
//   CLISupport  option groups, progress, signals, error lines shared by the executables
//   executables: thin command lines
/// Every file must import what it uses (no member reaches it through another module's imports).
let strict: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

/// A command-line tool: CLISupport and ArgumentParser, plus the library targets it imports.
func tool(_ name: String, _ imports: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["CLISupport", argumentParser] + imports, swiftSettings: strict)
}

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
        .executable(name: "wgan-progress", targets: ["wgan-progress"]),
        .executable(name: "wgan-report", targets: ["wgan-report"]),
        .executable(name: "wgan-project", targets: ["wgan-project"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.28.0"),
    ],
    targets: [
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CGIF", providers: [.apt(["libgif-dev"])]),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .target(name: "Engine", dependencies: ["COpenBLAS", "CDNNL"], swiftSettings: strict),
        .target(name: "NN", dependencies: ["Engine"], swiftSettings: strict),
        .target(name: "IO", dependencies: ["Engine", "CHDF5", "CPNG", "CZlib", "CGIF"], swiftSettings: strict),
        .target(name: "WGAN", dependencies: ["Engine", "NN", "IO"], swiftSettings: strict),
        .target(name: "Metrics", dependencies: ["Engine", "NN", "IO"], swiftSettings: strict),
        .target(
            name: "ONNX",
            dependencies: ["Engine", "NN", "WGAN", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict),
        .target(
            name: "CLISupport", dependencies: ["Engine", "IO", "WGAN", "Metrics", argumentParser], swiftSettings: strict
        ),
        tool("wgan-train", ["IO", "NN", "WGAN"]),
        tool("wgan-resume", ["IO", "WGAN"]),
        tool("wgan-sample", ["Engine", "IO", "WGAN"]),
        tool("wgan-interpolate", ["Engine", "IO", "Metrics", "WGAN"]),
        tool("wgan-export", ["IO", "NN", "ONNX", "WGAN", "Metrics"]),
        tool("wgan-curves", ["IO", "WGAN"]),
        tool("wgan-classifier", ["IO", "Metrics"]),
        tool("wgan-evaluate", ["Engine", "IO", "Metrics", "WGAN"]),
        tool("wgan-bench", ["Engine", "IO", "NN", "WGAN"]),
        tool("wgan-progress", ["Engine", "IO", "Metrics", "WGAN"]),
        tool("wgan-report", ["Engine", "IO", "Metrics", "WGAN"]),
        tool("wgan-project", ["Engine", "IO", "Metrics", "WGAN"]),
        // Helpers shared by the test targets (scratch clean-up); no product depends on it.
        .target(name: "TestSupport", dependencies: ["Engine"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "NN"], swiftSettings: strict),
        .testTarget(name: "IOTests", dependencies: ["IO", "Engine", "CHDF5", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "WGANTests", dependencies: ["WGAN", "IO", "NN", "Engine", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "MetricsTests", dependencies: ["Metrics", "IO", "NN", "Engine", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CLITests", dependencies: ["IO", "Engine", "NN", "WGAN", "CHDF5", "TestSupport"],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
