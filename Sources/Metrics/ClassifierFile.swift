import Engine
import Foundation
import IO
import NN

/// A trained classifier with what is known of it.
public struct LoadedClassifier {
    public let network: MNISTClassifier
    public let testAccuracy: Double
    public let path: String
    public var parameterCount: Int { network.tensors.reduce(0) { $0 + $1.tensor.count } }
}

/// `Models/mnist-classifier.h5`: tensors under `/classifier/...` (dotted names as slashes), and root
/// attributes `format` = `wgan-swift-classifier`, `format_version`, `architecture`, `test_accuracy`,
/// `seed`, `epochs`, `training_seconds`, `command`.
public enum ClassifierFile {
    public static let format = "wgan-swift-classifier"
    public static let version: Int64 = 1
    public static let bundled = "Models/mnist-classifier.h5"

    public struct Provenance {
        public var testAccuracy: Double
        public var seed: UInt64
        public var epochs: Int
        public var trainingSeconds: Double
        public var command: String
        public init(testAccuracy: Double, seed: UInt64, epochs: Int, trainingSeconds: Double, command: String) {
            (self.testAccuracy, self.seed, self.epochs, self.trainingSeconds, self.command) = (
                testAccuracy, seed, epochs, trainingSeconds, command
            )
        }
    }

    public static func write(_ c: MNISTClassifier, _ p: Provenance, to path: String) throws {
        try AtomicFile.write(to: path) { tmp in
            let f = try HDF5File.create(tmp)
            defer { f.close() }
            try f.writeHeader(kind: format, version: version)
            try f.setAttribute("architecture", MNISTClassifier.architecture)
            try f.setAttribute("test_accuracy", p.testAccuracy)
            try f.setAttribute("seed", p.seed)
            try f.setAttribute("epochs", Int64(p.epochs))
            try f.setAttribute("training_seconds", p.trainingSeconds)
            try f.setAttribute("command", p.command)
            try f.write(c.tensors, under: "classifier")
        }
    }

    public static func load(_ path: String) throws -> LoadedClassifier {
        let f = try HDF5File.open(path)
        defer { f.close() }
        try f.checkHeader(accepting: [(format, version)])
        var rng = RandomGenerator(seed: 0)
        let c = MNISTClassifier(rng: &rng)
        try f.read(c.tensors, under: "classifier", bound: HDF5File.weightBound)
        return LoadedClassifier(
            network: c, testAccuracy: try f.scalarAttribute("test_accuracy", as: Double.self), path: path)
    }
}
