import Foundation
import QuireText

/// Transcripts other tools left with a folder's images: PAGE XML, ALTO or hOCR beside
/// them, or in the `page/`, `alto/` or `hocr/` folder Transkribus, eScriptorium and
/// OCR-D exports put them in.
public enum TranscriptDiscovery {
    /// A transcript and the image it belongs to.
    public struct Found: Equatable, Sendable {
        public var path: String
        /// The image, when the file names none of the folder's (matched by name instead);
        /// nil when the file's own name for it is right.
        public var image: String?
    }

    static let folders = ["", "page", "alto", "hocr"]
    static let extensions: Set<String> = ["xml", "hocr", "html", "htm"]
    /// Larger files are not transcripts of a page.
    static let largest = 64 << 20

    /// Candidates among the files of `folder` and its transcript folders, for `images`
    /// (paths of the folder's files): a file that reads as a transcript of one of them
    /// (as it names its image, else by name: `scan.png` and `scan.xml`,
    /// `page/scan.xml`, `scan.p2.page.xml`), and a file named after one that does not
    /// read (so that importing it says why). Other XML is left alone.
    public static func find(in folder: URL, images: [String]) -> [Found] {
        let known = Set(images)
        let byStem = Dictionary(images.map { (stem(of: ($0 as NSString).lastPathComponent), $0) }) { first, _ in first }
        var found: [Found] = []
        for sub in folders {
            let directory = sub.isEmpty ? folder : folder.appendingPathComponent(sub)
            for path in transcriptFiles(in: directory.path) {
                let name = (path as NSString).lastPathComponent
                guard let status = FileNames.status(path), status.st_mode & S_IFMT == S_IFREG, status.st_size < largest else { continue }
                let namesake = byStem[stem(of: name)]
                guard let data = try? FileNames.contents(of: path), let transcript = try? TranscriptFile.read(data) else {
                    if let namesake { found.append(Found(path: path, image: namesake)) }
                    continue
                }
                if let named = try? TranscriptImport.imagePath(given: nil, named: transcript.pages.first?.image, beside: path),
                   known.contains(URL(fileURLWithPath: named).standardizedFileURL.path) {
                    found.append(Found(path: path, image: nil))
                } else if let namesake {
                    found.append(Found(path: path, image: namesake))
                }
            }
        }
        return found
    }

    /// The files named, each folder among them replaced by the transcripts in it (by their
    /// extension: what they hold is said when they are read).
    public static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { FileNames.isFolder($0) ? transcriptFiles(in: $0) : [$0] }
    }

    /// A folder's files with a transcript's extension, in the order a person sorts them.
    private static func transcriptFiles(in folder: String) -> [String] {
        ((try? FileNames.names(in: folder)) ?? [])
            .filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// A name without its extensions and a page suffix: `scan.p2.page.xml` and `scan.png` are `scan`.
    static func stem(of name: String) -> String {
        var stem = (name as NSString).deletingPathExtension
        for suffix in [".page", ".alto", ".hocr"] where stem.lowercased().hasSuffix(suffix) { stem.removeLast(suffix.count) }
        if let range = stem.range(of: #"\.p[0-9]+$"#, options: .regularExpression) { stem.removeSubrange(range) }
        return stem
    }
}
