import ArgumentParser
import CLISupport
import Foundation
import IO
import Metrics

@main
struct WganClassifier: Command {
    static let configuration = CommandConfiguration(
        commandName: "wgan-classifier",
        abstract: "Train the MNIST classifier that wgan-evaluate scores with, and write it to an HDF5 file.",
        discussion:
            "The file records the architecture, the test accuracy reached, the seed and the command. The committed Models/mnist-classifier.h5 was made by this tool with its defaults."
    )

    @OptionGroup var data: DataOptions
    @Option(help: ArgumentHelp("Classifier file to write.", valueName: "file")) var out = ClassifierFile.bundled
    @Option(help: "Passes over the 60,000 training images.") var epochs = 6
    @Option(help: "Images per batch.") var batchSize = 100
    @Option(help: "Adam learning rate (halved every 2 epochs).") var lr = 1e-3
    @Option(help: "Random shift of training images, in pixels.") var shift = 2
    @Option(help: "Seed of initialisation, order, dropout and shifts.") var seed: UInt64 = 0
    @Flag(help: "Replace an existing HDF5 file of another kind at --out.") var force = false
    @Option(
        help: ArgumentHelp(
            "Only check a classifier file: load it with every check wgan-evaluate makes and print what it records (no training).",
            valueName: "file"))
    var check: String?

    func validate() throws {
        if !(1...1000).contains(epochs) {
            throw ValidationError("--epochs must be an integer in 1...1000, got \(epochs)")
        }
        if !(1...4096).contains(batchSize) {
            throw ValidationError("--batch-size must be an integer in 1...4096, got \(batchSize)")
        }
        if !(lr > 0 && lr <= 1) { throw ValidationError("--lr must be a number in (0, 1], got \(lr)") }
        if shift < 0 || shift > 8 { throw ValidationError("--shift must lie in 0...8, got \(shift)") }
    }

    func run() throws {
        if let check {
            let c = try ClassifierFile.load(check)
            print(
                String(
                    format: "%@: %@, %d parameters, test accuracy %.2f%% when written", check,
                    ClassifierFile.format, c.parameterCount, 100 * c.testAccuracy))
            return
        }
        try OutputGuard.check(out, writes: ClassifierFile.format, force: force)
        let mnist = try data.load()
        var c = ClassifierTrainingConfig()
        (c.epochs, c.batchSize, c.learningRate, c.shift, c.seed) = (epochs, batchSize, lr, shift, seed)
        try makeFolder(holding: out)
        let start = Date()
        let terminal = Console.stderrIsTerminal
        let (net, accuracy) = try ClassifierTraining.train(
            c, train: mnist.train, test: mnist.test,
            onBatch: { e, b, n, loss in
                if terminal && b % 20 == 0 {
                    FileHandle.standardError.write(
                        Data(
                            String(
                                format: "\r\u{1B}[2Kepoch %d/%d  batch %d/%d  loss %.4f  %.0f s", e + 1, epochs, b,
                                n, loss,
                                Date().timeIntervalSince(start)
                            ).utf8))
                }
            },
            onEpoch: { e, acc in
                if terminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
                Console.info(
                    String(
                        format: "epoch %d/%d: test accuracy %.2f%% (%.0f s)", e + 1, epochs, 100 * acc,
                        Date().timeIntervalSince(start)))
            })
        let seconds = Date().timeIntervalSince(start)
        let command = (["wgan-classifier"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        try ClassifierFile.write(
            net,
            .init(testAccuracy: accuracy, seed: seed, epochs: epochs, trainingSeconds: seconds, command: command),
            to: out)
        Console.info(
            String(
                format: "wrote %@: test accuracy %.2f%% on the 10,000 MNIST test images, %.0f s of training", out,
                100 * accuracy, seconds))
    }
}
