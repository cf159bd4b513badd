import Foundation

/// The files of a folder Quire reads: images and documents by extension, in the order
/// a person expects (`page2` before `page10`), hidden files left out. The command line
/// and the workbench list folders with this, so both show the same files in the same order.
public enum DocumentFiles {
    public static let extensions: Set<String> = ["jpg", "jpeg", "png", "bmp", "tif", "tiff", "pdf"]

    /// The names of the folder's documents, in order; the directory alone is read.
    public static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    /// The files named, with each folder among them replaced by its documents.
    public static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
            return ((try? names(in: path)) ?? []).map { (path as NSString).appendingPathComponent($0) }
        }
    }
}
