import TranscriptStore

/// The workbench's one entry for change: a message in, the model changed, effects
/// out for the shell to run. Pure: no clock, no files, no terminal. Settings the
/// person changed are remembered for the workspace, whichever message changed them.
public func update(_ model: inout Model, _ message: Message) -> [Effect] {
    let before = model.remembered
    let effects = apply(&model, message)
    return model.remembered == before ? effects : [.remember(model.remembered)] + effects
}

/// Each message to the handler of its kind: the folder (Update+Folder), pages
/// (Update+Pages), recognition (Update+Recognition), corrections (Update+Corrections),
/// dialogs (Update+Dialogs), keys (Update+Keys), others' changes to a shared store (Update+Others),
/// transcripts other tools made (Update+Imports).
private func apply(_ model: inout Model, _ message: Message) -> [Effect] {
    switch message {
    case .key(let key): return handleKey(&model, key)
    case .resized(let width, let height):
        model.width = width
        model.height = height
        return []
    case .cellResized(let cell):
        model.graphics.cell = cell
        return []
    case .pictureReady: return []
    case .failed(let reason):
        model.status = .error(reason)
        return []
    case .notice(let text):
        model.status = .notice(text)
        return []

    case .filesIdentified(let identities): return filesIdentified(&model, identities)
    case .fileUnreadable(let file, let reason): return fileUnreadable(&model, file, reason)
    case .scanFinished: return scanFinished(&model)
    case .folderListed(let listed): return foldInListing(&model, listed)
    case .focusGained: return [.listFolder]
    case .summariesLoaded(let summaries, let failures): return summariesLoaded(&model, summaries, failures: failures)

    case .pageLoaded(let page, let choice): return pageLoaded(&model, page, select: choice)
    case .pageLoadFailed(let ref, let reason): return pageLoadFailed(&model, ref, reason)

    case .recognitionStarted(let ref, let time): return recognitionStarted(&model, ref, at: time)
    case .recognitionFinished(let ref, let outcome, let time): return recognitionFinished(&model, ref, outcome, at: time)
    case .recognitionCancelled(let refs): return recognitionCancelled(&model, refs)
    case .cropRecognised(let blockID, let text, let confidence): return cropRecognised(&model, blockID: blockID, text: text, confidence: confidence)
    case .cropFailed(_, let failure): return cropFailed(&model, failure)

    case .saved: return saved(&model)
    case .saveFailed(let blockID, let reason): return saveFailed(&model, blockID: blockID, reason: reason)
    case .saveConflict(let conflict): return saveConflict(&model, conflict)
    case .reverted(let change, let redo): return reverted(&model, change, redo: redo)
    case .nothingToRevert(let redo): return nothingToRevert(&model, redo: redo)

    case .searchFinished(let query, let hits): return searchFinished(&model, query: query, hits: hits)
    case .exported(let format, let files, let folder, let skipped): return exported(&model, format, files: files, folder: folder, skipped: skipped)
    case .storeChanged(let changes): return storeChanged(&model, changes)
    case .transcriptsFound(let found): return transcriptsFound(&model, found)
    case .transcriptsImported(let report): return transcriptsImported(&model, report)
    case .stop: return stopped(&model)
    }
}

/// "AIS.0102 The image format is not supported. (request …)"
func describe(_ failure: PageFailure) -> String {
    "\(failure.code) \(failure.message)" + (failure.requestID.map { " (request \($0))" } ?? "")
}

/// "1 page", "3 pages".
func counted(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}

func formatConfidence(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    return hundredths >= 100 ? "1.00" : "0." + (hundredths < 10 ? "0" : "") + String(hundredths)
}

func setPageState(_ model: inout Model, _ ref: PageRef, _ state: PageState) {
    guard model.files.indices.contains(ref.file), model.files[ref.file].pages.indices.contains(ref.page - 1) else { return }
    // A file's twin (same bytes) is the same document: it shares the news.
    let files = model.files[ref.file].documentID.flatMap { model.filesOfDocument[$0] } ?? [ref.file]
    for file in files where model.files[file].pages.indices.contains(ref.page - 1) {
        model.files[file].pages[ref.page - 1] = state
    }
}

/// The current page's summary, counted again from its blocks after a local change.
func refreshCurrentSummary(_ model: inout Model) {
    guard let page = model.currentPage, case .done = model.files[page.ref.file].pages[page.ref.page - 1] else { return }
    var summary = PageSummary(blockCount: page.blocks.count)
    for block in page.blocks {
        summary.confidenceSum += block.confidence
        if block.confidence < model.threshold { summary.belowThreshold += 1 }
        if block.needsReview(threshold: model.threshold) { summary.needingReview += 1 }
    }
    setPageState(&model, page.ref, .done(summary))
}

func loadCurrentPage(_ model: Model, select: BlockChoice) -> [Effect] {
    guard let ref = model.currentRef, let job = model.job(for: ref) else { return [] }
    return [.loadPage(job, select: select)]
}
