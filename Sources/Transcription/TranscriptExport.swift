import Foundation
import TranscriptStore

/// Every export a front offers, in every format: the store's transcripts, and ground
/// truth from the page images.
public enum TranscriptExport {
    /// The files written, and what ground truth had to leave out (a page image gone or
    /// changed since it was read), each with why.
    public static func write(_ documents: [ExportDocument], as format: ExportFormat, to folder: URL) throws
        -> (files: [URL], skipped: [String]) {
        if format.needsPageImages { return try GroundTruthExport.write(documents, to: folder) }
        return (try Exporter.write(documents, as: format, to: folder), [])
    }
}
