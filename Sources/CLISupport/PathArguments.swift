import ArgumentParser
import WGAN

/// A model on the command line: run folder, checkpoint or generator file, parsed once.
extension ModelPath: ExpressibleByArgument {
    public init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        self.init(argument)
    }
}

/// A run folder on the command line (`--out`, `wgan-progress RUN ...`).
extension RunFolder: ExpressibleByArgument {
    public init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        self.init(argument)
    }
}
