import ArgumentParser
import Foundation

/// The real images the benchmarks read: a folder with `manifest.tsv` (image, ground
/// truth, subset), named by `--data`; without it, `../shared/eval-real` when it exists.
struct EvaluationData: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("The evaluation folder, with manifest.tsv (default: ../shared/eval-real).",
                                                          valueName: "dir"))
    var path: String?

    var folder: URL {
        get throws {
            let folder = URL(fileURLWithPath: path ?? "../shared/eval-real")
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.tsv").path) else {
                throw ValidationError("no evaluation set at \(folder.path): name a folder with manifest.tsv with --data DIR")
            }
            return folder
        }
    }
}
