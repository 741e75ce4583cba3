import IO

extension TrainingConfig {
    /// Every field of the configuration, in the order of `/config` and of the format doc.
    public static var fields: [ConfigField] {
        [
            .choice("loss", \.loss, flag: "--loss", resume: .frozen, "the loss and its optimizers"),
            .choice("arch", \.architecture, flag: "--arch", resume: .frozen, "the generator and critic pair"),
            .choice(
                "dataset", \.dataset, flag: "--dataset", resume: .frozen, absent: .mnist,
                "what the run trains on (stacked-mnist: three digits as RGB)"),
            .bool(
                "conditional", \.conditional, flag: "--conditional",
                valid: "0 or 1 (1 only with dataset mnist and no codes)", resume: .frozen,
                "both networks take the class (a class-conditional GAN; MNIST only)"
            ) { c in !c.conditional || (c.dataset == .mnist && c.codes == 0) },
            .int(
                "codes", \.codes, flag: "--codes", range: 0...1000, resume: .frozen, absent: 0,
                "values of an unsupervised categorical code (InfoGAN): drawn uniformly into the generator, guessed by the critic; 0 = none"
            ),
            .int(
                "steps", \.steps, flag: "--steps", range: 1...1_000_000_000, resume: .schedule,
                "total generator iterations of the run"),
            .int("batch_size", \.batchSize, flag: "--batch-size", range: 1...4096, resume: .branch, "images per batch"),
            .int(
                "n_critic", \.nCritic, flag: "--n-critic", range: 1...1000, resume: .branch,
                "critic updates per generator update"),
            .int(
                "latent_dim", \.latentDim, flag: "--latent-dim", range: 1...4096, resume: .frozen,
                "size of the latent vector z"),
            .int(
                "checkpoint_every", \.checkpointEvery, flag: "--checkpoint-every", range: 1...1_000_000_000,
                resume: .schedule,
                "generator iterations between checkpoints"),
            .int(
                "sample_every", \.sampleEvery, flag: "--sample-every", range: 1...1_000_000_000, resume: .schedule,
                "generator iterations between sample grids"),
            .int(
                "keep", \.keep, flag: "--keep", range: 1...1_000_000, resume: .schedule,
                "checkpoints kept under checkpoints/"),
            .double(
                "learning_rate", \.learningRate, flag: "--lr", valid: "a number in (0, 1]", resume: .branch,
                "learning rate of the generator's optimizer, and of the critic's unless `critic_learning_rate` is set"
            ) { $0 > 0 && $0 <= 1 },
            .optionalDouble(
                "critic_learning_rate", \.criticLearningRate, flag: "--critic-lr", valid: "a number in (0, 1]",
                resume: .branch,
                absent: "the learning rate", "learning rate of the critic's optimizer (two time-scale updates)"
            ) { $0 > 0 && $0 <= 1 },
            .optionalInt(
                "lr_decay_start", \.decayStart, flag: "--lr-decay-from",
                valid: "a step >= 0 before the last step (steps)", resume: .schedule,
                absent: "a constant learning rate",
                "from this generator step the learning rate falls linearly to zero at `steps`; `wgan-resume` may add or move it only to a step at or after the checkpoint's"
            ) { d, c in
                d >= 0 && d < c.steps
            },
            .double(
                "beta1", \.beta1, flag: "--beta1", valid: "a number in [0, 1)", resume: .frozen,
                "Adam's first-moment decay"
            ) { $0 >= 0 && $0 < 1 },
            .double(
                "beta2", \.beta2, flag: "--beta2", valid: "a number in [0, 1)", resume: .frozen,
                "Adam's second-moment decay"
            ) { $0 >= 0 && $0 < 1 },
            .double(
                "gp_weight", \.gpWeight, flag: "--gp-weight", valid: "a number in (0, 1e6]", resume: .branch,
                "weight of the gradient penalty (wgan-gp)"
            ) { $0 > 0 && $0 <= 1e6 },
            .double(
                "clip", \.clip, flag: "--clip", valid: "a number in (0, 100]", resume: .branch,
                "critic weights are clipped to [-clip, clip] (wgan-clip)"
            ) { $0 > 0 && $0 <= 100 },
            .double(
                "info_weight", \.infoWeight, flag: "--info-weight", valid: "a number in [0, 1000]", resume: .branch,
                absent: 1,
                "weight of the code's cross-entropy in both networks' losses (with codes)"
            ) { $0 >= 0 && $0 <= 1000 },
            .double(
                "ema_decay", \.emaDecay, flag: "--ema", valid: "a number in [0, 1)", resume: .frozen, absent: 0,
                "decay of the generator's moving average; 0 = none"
            ) { $0 >= 0 && $0 < 1 },
            .optionalString(
                "generator_init", \.generatorInit, flag: "--generator-from", resume: .frozen,
                absent: "a fresh generator",
                "the file the generator was warm-started from"),
            .optionalString(
                "branched_from", \.branchedFrom, flag: nil, resume: .frozen, absent: "not a branch",
                "the checkpoints this run was branched from with other settings (`wgan-resume --branch`), oldest first"),
            .int(
                "critic_warmup", \.criticWarmup, flag: "--critic-warmup", range: 0...1_000_000, resume: .frozen,
                absent: 0,
                "critic updates before the first generator update"),
            .int(
                "training_images", \.trainingImages, flag: "--training-images", range: 0...1_000_000,
                resume: .frozen, absent: 0,
                "the run trains on the first this many images of the training set; 0 = all of them"),
            .optionalDouble(
                "time_budget_minutes", \.timeBudgetMinutes, flag: "--minutes", valid: "a number in [0.1, 10080]",
                resume: .schedule,
                absent: "steps given, not a budget",
                "the training time `steps` and `lr_decay_start` were fitted to, measured once before the first step"
            ) {
                $0 >= 0.1 && $0 <= TimeBudget.maximumMinutes
            },
            .uint64("seed", \.seed, flag: "--seed", resume: .frozen, "seed of initialisation, data order and draws"),
        ]
    }

    public static func field(_ key: String) -> ConfigField? { fields.first { $0.key == key } }

    /// The fields whose values are out of bounds, first to last: the one validation of wgan-train's
    /// flags, of wgan-resume's schedule and of every configuration read from a file.
    public var invalidFields: [ConfigField] { Self.fields.filter { !$0.isValid(in: self) } }

    // MARK: /config in HDF5

    static let group = "/config"

    func write(to f: HDF5File) throws {
        try f.makeGroup(Self.group)
        for field in Self.fields { try field.write(self, f, Self.group) }
    }

    /// Reads and validates `/config`; the first invalid field is an error naming the file and the value.
    static func read(from f: HDF5File) throws -> TrainingConfig {
        var c = TrainingConfig()
        for field in fields { try field.read(&c, f, group) }
        if let bad = c.invalidFields.first {
            throw IOError(f.path, "\(group) \(bad.key) is \(bad.value(in: c)), expected \(bad.valid)")
        }
        return c
    }

    // MARK: Resuming

    /// Why `new` cannot continue a run saved as `old` at `step`, or nil: the frozen fields must stay,
    /// and the learning rates of the steps already done must stay what they were (or the resumed run
    /// would differ from one trained in one go with the new schedule). A branch (`branching`) starts a
    /// new run from the state: the `branch` fields may change too, and its schedule is its own, but a
    /// decay may not start before the step it branches at.
    public func resumeProblem(from old: TrainingConfig, atStep step: Int, branching: Bool = false) -> String? {
        for field in Self.fields where !field.isSame(old, self) {
            if field.resume == .frozen || (field.resume == .branch && !branching) {
                let way =
                    field.resume == .branch
                    ? "only the schedule may change when resuming: --branch --out DIR continues this state in a new run with it"
                    : "resuming and branching keep it: start a new run with wgan-train"
                return
                    "config field \(field.key) is \(field.value(in: old)); \(field.flag ?? field.key) \(field.value(in: self)) would change the run (\(way))"
            }
        }
        if branching {
            if let d = decayStart, d < step {
                return
                    "a branch starts at step \(step): --lr-decay-from \(d) would decay steps already trained (choose a step >= \(step))"
            }
            return nil
        }
        let started = { (c: TrainingConfig) in c.decayStart.map { $0 < step } ?? false }
        if (started(old) || started(self)) && (old.decayStart != decayStart || old.steps != steps) {
            let was = old.decayStart.map { "decays from step \($0) to step \(old.steps)" } ?? "is constant"
            // Once the stored decay has begun, every later rate depends on its end: no schedule can change.
            let way =
                started(old)
                ? "a run whose decay has begun keeps its schedule: wgan-resume --branch --out DIR continues this state with a new one"
                : "choose a decay start >= \(step), or branch with --branch --out DIR"
            return
                "at step \(step) the learning rate \(was); this --steps/--lr-decay-from would change the rate of steps already trained (\(way))"
        }
        return nil
    }

    // MARK: Documentation

    /// The `/config` table of docs/checkpoint-format.md (a test keeps the doc equal to it).
    public static var markdownTable: String {
        var lines = [
            "| attribute | type | values | meaning | absent in older files | on resume |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for f in fields {
            let flag = f.flag.map { " (`\($0)`)" } ?? ""
            lines.append(
                "| `\(f.key)` | \(f.type) | \(f.valid) | \(f.meaning)\(flag) | \(f.absent ?? "required") | \(f.resume.column) |"
            )
        }
        return lines.joined(separator: "\n")
    }
}
