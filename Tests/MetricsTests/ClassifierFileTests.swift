import NN
import Engine
import Foundation
import TestSupport
import IO
import Metrics
import XCTest

/// The committed classifier reaches the accuracy its file records, re-checked on the 10,000 test images.
final class ClassifierFileTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func testCommittedClassifierReachesItsRecordedAccuracy() throws {
        let c = try ClassifierFile.load(Self.root + "/" + ClassifierFile.bundled)
        let mnist = try MNIST.load(from: Self.root + "/" + MNIST.defaultDirectory)
        let accuracy = c.network.accuracy(
            mnist.test.batch(0..<mnist.test.count, scale: .unit), labels: mnist.test.labels(0..<mnist.test.count))
        XCTAssertGreaterThanOrEqual(accuracy, 0.993)
        XCTAssertEqual(accuracy, c.testAccuracy, accuracy: 1e-9)
    }

    func testRoundTripAndForeignFile() throws {
        var rng = RandomGenerator(seed: 3)
        let net = MNISTClassifier(rng: &rng)
        ScratchCleanup.registered
        let path = NSTemporaryDirectory() + "clf-\(getpid()).h5"
        try ClassifierFile.write(
            net, .init(testAccuracy: 0.5, seed: 3, epochs: 1, trainingSeconds: 1, command: "test"), to: path)
        let back = try ClassifierFile.load(path)
        XCTAssertEqual(back.testAccuracy, 0.5)
        XCTAssertEqual(
            (back.network.parameters + back.network.buffers).map(\.tensor.values),
            (net.parameters + net.buffers).map(\.tensor.values))
        let other = NSTemporaryDirectory() + "notclf-\(getpid()).h5"
        let f = try HDF5File.create(other)
        try f.setAttribute("format", "wgan-swift-generator")
        f.close()
        XCTAssertThrowsError(try ClassifierFile.load(other)) {
            XCTAssertTrue("\($0)".contains("expected a wgan-swift-classifier file"), "\($0)")
        }
    }
}
