import Foundation

/// Where `scripts/setup` puts ONNX Runtime and the PP-OCR models: `ppocr/` in Quire's
/// data folder ($QUIRE_DATA, else $XDG_DATA_HOME/quire, else ~/.local/share/quire).
public struct PaddleFiles: Sendable {
    public var folder: String

    public init(folder: String) { self.folder = folder }

    /// The folder `scripts/fetch-ppocr` fills, read from the same variables it reads.
    public static var standard: PaddleFiles {
        PaddleFiles(folder: (dataFolder as NSString).appendingPathComponent("ppocr"))
    }

    /// Quire's data folder: $QUIRE_DATA, else $XDG_DATA_HOME/quire, else ~/.local/share/quire.
    public static var dataFolder: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["QUIRE_DATA"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : ($0 as NSString).appendingPathComponent("quire") }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share/quire")
    }

    public var runtime: String { path("libonnxruntime.so.1.32.0") }
    public var detector: String { path("ch_PP-OCRv4_det_infer.onnx") }
    public var recognizer: String { path("ch_PP-OCRv4_rec_infer.onnx") }
    public var classifier: String { path("ch_ppocr_mobile_v2.0_cls_infer.onnx") }

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
}

/// Why the PP-OCR engine could not start.
public enum PaddleSetupError: Error, CustomStringConvertible {
    case missingFile(String)
    case runtime(String)
    case model(String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "the PP-OCR engine needs \(path), which is missing: run scripts/setup, which fetches ONNX Runtime and the PP-OCR models"
        case .runtime(let why):
            return "ONNX Runtime: \(why)"
        case .model(let why):
            return "PP-OCR model: \(why)"
        }
    }
}
