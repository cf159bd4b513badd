import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import PaddleRecognizer

extension EngineName: ExpressibleByArgument {
    /// The catalogue's recognizer, with the cloud's settings from the flags and its
    /// warnings on stderr.
    func make(workers: Int, cloud: CloudOptions, models: String?, onePageAtATime: Bool = false) throws -> any Recognizer {
        try make(workers: workers, cloud: { try cloud.settings() }, models: models, onePageAtATime: onePageAtATime,
                 warn: { TerminalOutput.note("warning: " + $0) })
    }
}

/// `--models DIR`, for every command that reads with an embedded engine.
struct ModelOption: ParsableArguments {
    @Option(help: ArgumentHelp("""
        A PP-OCR model set for ppocr and auto: a folder holding a detection, a recognition and an orientation \
        model (.onnx files named …_det_…, …_rec_…, …_cls_…), or the name of a set in Quire's data folder \
        (default: PP-OCRv6_small, which scripts/setup brings).
        """, valueName: "dir"))
    var models: String?

    /// The set's folder: the path given, or a set of that name in the data folder.
    var folder: String? {
        guard let models else { return nil }
        if models.contains("/") || FileManager.default.fileExists(atPath: models) { return URL(fileURLWithPath: models).standardizedFileURL.path }
        return (PaddleFiles.standard.folder as NSString).appendingPathComponent(models)
    }
}
