import Foundation
import Transcription
import TranscriptStore
import WorkbenchCore

/// Transcripts other tools made, found with the workspace's images and imported into
/// its store (`TranscriptImport` does the work, as for `quire import`).
struct TranscriptImports: Sendable {
    let folder: URL
    let store: any TranscriptStore

    /// The transcripts with `images` that importing would change the store by, and those
    /// that cannot be imported (with why); those the store holds already are left out.
    func find(images: [String]) -> [FoundTranscript] {
        let transcripts = TranscriptImport(store: store)
        return TranscriptDiscovery.find(in: folder, images: images).compactMap { found in
            let name = shownName(found.path)
            do throws(ImportError) {
                let plan = try transcripts.plan(found.path, image: found.image)
                guard plan.changesSomething else { return nil }
                return FoundTranscript(job: ImportJob(path: found.path, image: plan.imagePath), name: name, pages: plan.outcome.imported.count,
                                       engine: plan.outcome.engine)
            } catch {
                return FoundTranscript(job: ImportJob(path: found.path, image: found.image), name: name, problem: "\(error)")
            }
        }
    }

    /// Imports each file (one transaction each); one refused leaves the others imported.
    func run(_ jobs: [ImportJob]) -> ImportReport {
        let transcripts = TranscriptImport(store: store)
        var report = ImportReport()
        for job in jobs {
            let path = job.path.hasPrefix("/") ? job.path : folder.appendingPathComponent(job.path).standardizedFileURL.path
            do throws(ImportError) {
                let outcome = try transcripts.importFile(path, image: job.image)
                report.imported.append(job.path)
                report.pages += outcome.imported.count
                report.kept += outcome.kept.count
                if !outcome.imported.isEmpty { report.documents.insert(outcome.documentID) }
            } catch {
                report.refused.append("\(shownName(path)): \(error)")
            }
        }
        return report
    }

    /// A path as the person knows it: from the workspace folder when it is inside.
    private func shownName(_ path: String) -> String {
        let base = folder.standardizedFileURL.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
