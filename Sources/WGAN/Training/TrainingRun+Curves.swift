import Engine
import Foundation
import IO

extension TrainingRun {
    /// The training curves: Wasserstein estimate on top, losses (and the penalty) below.
    public static func curves(_ h: [StepRecord]) -> Image {
        LinePlot.render(curvePanels(h), xs: h.map { Double($0.step) }, xLabel: "GENERATOR STEP")
    }

    /// The panels of the curves: the Wasserstein estimate, and the losses (with the penalty when there is one).
    public static func curvePanels(_ h: [StepRecord]) -> [LinePlot.Panel] {
        var lossSeries = [
            LinePlot.Series("CRITIC LOSS", h.map(\.criticLoss), color: LinePlot.blue),
            LinePlot.Series("GENERATOR LOSS", h.map(\.generatorLoss), color: LinePlot.orange),
        ]
        if h.contains(where: { $0.penalty != 0 }) {
            lossSeries.append(LinePlot.Series("PENALTY", h.map(\.penalty), color: LinePlot.red))
        }
        return [
            LinePlot.Panel(
                "WASSERSTEIN ESTIMATE E[D(REAL)] - E[D(FAKE)]",
                [LinePlot.Series("W", h.map(\.wasserstein), color: LinePlot.green)]),
            LinePlot.Panel("LOSSES", lossSeries),
        ]
    }
}
