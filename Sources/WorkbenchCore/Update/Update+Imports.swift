// Transcripts other tools made (PAGE XML, ALTO, hOCR): offered when they are found with
// the images, or imported for the page on screen with `I`; what they read is then
// reviewed like any other run.

/// Offers the transcripts not offered before, unless something else has the keyboard
/// (the status line says so then, and `I` imports them one by one). Files that cannot
/// be imported are listed with why; alone, they are only said on the status line.
func transcriptsFound(_ model: inout Model, _ found: [FoundTranscript]) -> [Effect] {
    model.transcripts = found
    let new = found.filter { !model.offeredTranscripts.contains($0.job.path) }
    guard !new.isEmpty else { return [] }
    model.offeredTranscripts.formUnion(new.map(\.job.path))
    if let broken = new.first, new.allSatisfy({ $0.problem != nil }) {
        model.status = .error("\(counted(new.count, "transcript")) with the images cannot be imported: \(broken.name): \(broken.problem ?? "")")
    } else if model.mode == .normal {
        model.mode = .importOffer(ImportOffer(found: new))
    } else {
        model.status = .notice("\(counted(new.count, "transcript")) found with the images: I imports one for the page on screen")
    }
    return []
}

func handleImportOffer(_ model: inout Model, _ offer: ImportOffer, _ key: Key) -> [Effect] {
    switch key {
    case .character("y"), .enter:
        model.mode = .normal
        let jobs = offer.found.filter { $0.problem == nil }.map(\.job)
        guard !jobs.isEmpty else {
            model.status = .error("none of them can be imported: " + (offer.found.first?.problem ?? ""))
            return []
        }
        model.status = .notice("importing \(counted(jobs.count, "transcript"))…")
        return [.importTranscripts(jobs)]
    case .character("n"), .character("q"), .escape:
        model.mode = .normal
        model.status = .notice("nothing imported: I imports a transcript for the page on screen")
    default: break
    }
    return []
}

/// `I`: a transcript for the page on screen, the one found with its image proposed.
func openImportPrompt(_ model: inout Model) -> [Effect] {
    guard let ref = model.currentRef, model.files[ref.file].documentID != nil else {
        model.status = .notice("choose a file first")
        return []
    }
    let image = model.files[ref.file].path
    let proposed = model.transcripts.first { $0.job.image == image }?.name ?? ""
    model.mode = .importPrompt(ImportPrompt(editor: LineEditor(proposed), image: image))
    return []
}

func handleImportPrompt(_ model: inout Model, _ prompt: ImportPrompt, _ key: Key) -> [Effect] {
    var prompt = prompt
    switch prompt.editor.prompt(key) {
    case .cancelled: model.mode = .normal
    case .editing: model.mode = .importPrompt(prompt)
    case .given(let path):
        model.mode = .normal
        model.status = .notice("importing \(path)…")
        return [.importTranscripts([ImportJob(path: path, image: prompt.image)])]
    }
    return []
}

/// The counts and the page on screen are loaded again, its lines to review first.
func transcriptsImported(_ model: inout Model, _ report: ImportReport) -> [Effect] {
    let done = Set(report.imported)
    model.transcripts.removeAll { done.contains($0.job.path) }
    var said = "imported \(counted(report.pages, "page")) from \(counted(report.imported.count, "transcript"))"
    if report.kept > 0 { said += "; \(counted(report.kept, "page")) kept as they were" }
    if let first = report.refused.first {
        said += "; \(report.refused.count) refused (\(first)\(report.refused.count > 1 ? ", …" : ""))"
    }
    model.status = report.refused.isEmpty || report.pages > 0 ? .notice(said) : .error(said)
    var effects: [Effect] = [.loadSummaries(threshold: model.threshold)]
    if let ref = model.currentRef, let job = model.job(for: ref), report.documents.contains(job.documentID) {
        effects += [.loadPage(job, select: .firstNeedingReview)]
    }
    return effects
}
