import Foundation

/// Where `scripts/setup` puts ONNX Runtime and the PP-OCR models: `ppocr/` in Quire's
/// data folder ($QUIRE_DATA, else $XDG_DATA_HOME/quire, else ~/.local/share/quire),
/// the runtime in it and each model set in a folder of its own.
public struct PaddleFiles: Sendable {
    /// The `ppocr` folder: the runtime, and the model sets.
    public var folder: String
    /// The model set's folder; nil for the default set in `folder`.
    public var models: String?

    public init(folder: String, models: String? = nil) {
        self.folder = folder
        self.models = models
    }

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

    /// The model set `scripts/fetch-ppocr` brings: PaddleOCR's PP-OCRv6 small detection
    /// and recognition models with the mobile orientation classifier.
    public static let defaultSet = "PP-OCRv6_small"

    public var runtime: String { (folder as NSString).appendingPathComponent("libonnxruntime.so.1.32.0") }

    /// The model set's folder.
    public var modelFolder: String { models ?? (folder as NSString).appendingPathComponent(Self.defaultSet) }

    /// The three models of the set.
    public func modelSet() throws(PaddleSetupError) -> ModelSet {
        try ModelSet(folder: modelFolder, isDefault: models == nil)
    }

    /// The model sets in `folder` (each a folder holding a complete set), by name.
    public func availableSets() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().filter { name in
            (try? ModelSet(folder: (folder as NSString).appendingPathComponent(name), isDefault: false)) != nil
        }
    }
}

/// A PP-OCR model set: one folder with a detection, a recognition and an orientation
/// classification model in ONNX form, told apart by their names as PaddleOCR and
/// RapidOCR name them (`…_det_…`, `…_rec_…`, `…_cls_…`). The recognizer carries its
/// own character list in its metadata, so a set needs no other file: another
/// language's or a server-size set is used by naming its folder.
public struct ModelSet: Sendable, Equatable {
    public var folder: String
    public var detector: String
    public var recognizer: String
    public var classifier: String

    /// The set's name: its folder's.
    public var name: String { (folder as NSString).lastPathComponent }

    enum Role: String, CaseIterable {
        case det, rec, cls

        var description: String {
            switch self {
            case .det: return "detection"
            case .rec: return "recognition"
            case .cls: return "orientation classification"
            }
        }
    }

    /// Finds the three models in `folder`; `isDefault` adds the set-up command to the
    /// message when the folder or a model is missing.
    init(folder: String, isDefault: Bool) throws(PaddleSetupError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw isDefault ? .missingFile(folder) : .model("the model folder \(folder) does not exist")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.lowercased().hasSuffix(".onnx") }
        var found: [Role: String] = [:]
        for role in Role.allCases {
            let matches = names.filter { Self.role(of: $0) == role }.sorted()
            guard matches.count <= 1 else {
                throw .model("\(folder) holds several \(role.description) models (\(matches.joined(separator: ", "))): keep one")
            }
            guard let match = matches.first else {
                if isDefault { throw .missingFile((folder as NSString).appendingPathComponent("*_\(role.rawValue)_*.onnx")) }
                throw .model("\(folder) holds no \(role.description) model: a .onnx file with \"\(role.rawValue)\" in its name, as PaddleOCR names them")
            }
            found[role] = (folder as NSString).appendingPathComponent(match)
        }
        self.folder = folder
        detector = found[.det]!
        recognizer = found[.rec]!
        classifier = found[.cls]!
    }

    /// The role a file's name gives it: one of its words (split at `_`, `-` and `.`) is det, rec or cls.
    static func role(of fileName: String) -> Role? {
        let words = Set(fileName.lowercased().split(whereSeparator: { "_-.".contains($0) }).map(String.init))
        let roles = Role.allCases.filter { words.contains($0.rawValue) }
        return roles.count == 1 ? roles[0] : nil
    }
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
