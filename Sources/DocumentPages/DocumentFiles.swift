import Foundation
import QuireText

/// The files of a folder Quire reads: images and documents by extension, in the order
/// a person expects (`page2` before `page10`), hidden files left out. The command line
/// and the workbench list folders with this, so both show the same files in the same order.
public enum DocumentFiles {
    public static let extensions: Set<String> = ["jpg", "jpeg", "png", "bmp", "tif", "tiff", "pdf"]

    /// The names of the folder's documents, in order; the directory alone is read. A
    /// name that is not UTF-8 is kept byte for byte (`FileNames`).
    public static func names(in folder: String) throws -> [String] {
        try FileNames.names(in: folder)
            .filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    /// The files named, with each folder among them replaced by its documents.
    public static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            guard FileNames.isFolder(path) else { return [path] }
            return ((try? names(in: path)) ?? []).map { (path as NSString).appendingPathComponent($0) }
        }
    }
}
