/// The workbench's one entry for change: a message in, the model changed, effects
/// out for the shell to run. Pure: no clock, no files, no terminal. Settings the
/// person changed are remembered for the workspace, whichever message changed them.
public func update(_ model: inout Model, _ message: Message) -> [Effect] {
    let before = model.remembered
    let effects = apply(&model, message)
    return model.remembered == before ? effects : [.remember(model.remembered)] + effects
}

private func apply(_ model: inout Model, _ message: Message) -> [Effect] {
    switch message {
    case .key(let key):
        return handleKey(&model, key)

    case .resized(let width, let height):
        model.width = width
        model.height = height
        return []

    case .filesIdentified(let identities):
        var effects: [Effect] = []
        for identity in identities where model.files.indices.contains(identity.file) {
            model.files[identity.file].documentID = identity.documentID
            model.files[identity.file].pages = Array(repeating: .new, count: max(1, identity.pageCount))
            model.filesOfDocument[identity.documentID, default: []].append(identity.file)
            if identity.file == model.selectedFile { effects += loadCurrentPage(model, select: .first) }
        }
        return effects

    case .fileUnreadable(let file, let reason):
        guard model.files.indices.contains(file) else { return [] }
        model.files[file].unreadable = reason
        return []

    case .scanFinished:
        model.scanning = false
        return [.loadSummaries(threshold: model.threshold)]

    case .folderListed(let listed):
        return foldInListing(&model, listed)

    case .focusGained:
        return [.listFolder]

    case .summariesLoaded(let summaries, let failures):
        for (documentID, files) in model.filesOfDocument {
            for file in files {
                for index in model.files[file].pages.indices {
                    switch model.files[file].pages[index] {
                    case .queued, .recognising: continue  // a batch's news is newer
                    default: break
                    }
                    if let summary = summaries[documentID].flatMap({ $0.indices.contains(index) ? $0[index] : nil }) {
                        model.files[file].pages[index] = .done(summary)
                    } else if let failure = failures[documentID]?[index + 1] {
                        model.files[file].pages[index] = .failed(failure)
                    } else {
                        model.files[file].pages[index] = .new
                    }
                }
            }
        }
        refreshCurrentSummary(&model)
        return []

    case .pageLoaded(let page, let choice):
        guard page.ref == model.currentRef else { return [] }  // the selection moved on meanwhile
        let previous = model.selected?.id
        model.page = page
        model.selectedBlock = blockIndex(for: choice, in: page, threshold: model.threshold, previous: previous)
        refreshCurrentSummary(&model)
        return []

    case .pageLoadFailed(let ref, let reason):
        if ref == model.currentRef { model.status = .error(reason) }
        return []

    case .recognitionStarted(let ref, let time):
        setPageState(&model, ref, .recognising)
        if model.batch?.startedAt == nil { model.batch?.startedAt = time }
        return []

    case .recognitionFinished(let ref, let outcome, let time):
        model.batch?.finished += 1
        model.batch?.lastFinishedAt = time
        switch outcome {
        case .success(let confidences):
            // A new reading has no corrections yet: every block below the threshold needs review.
            let below = confidences.filter { $0 < model.threshold }.count
            setPageState(&model, ref, .done(PageSummary(blockCount: confidences.count, confidenceSum: confidences.reduce(0, +),
                                                        needingReview: below, belowThreshold: below)))
        case .failure(let box):
            model.batch?.failed += 1
            setPageState(&model, ref, .failed(box.failure))
            model.status = .error("\(model.files[ref.file].name) p.\(ref.page): \(describe(box.failure))")
        }
        endBatchIfDone(&model)
        if ref == model.currentRef, let job = model.job(for: ref) {
            return [.loadPage(job, select: model.currentPage == nil ? .first : .index(model.selectedBlock))]
        }
        return []

    case .recognitionCancelled(let refs):
        for ref in refs { setPageState(&model, ref, .new) }
        model.batch?.total -= refs.count
        endBatchIfDone(&model)
        model.status = .notice("recognition cancelled: \(refs.count) page\(refs.count == 1 ? "" : "s") left as they were")
        return []

    case .cropRecognised(let blockID, let text, let confidence):
        guard model.selected?.id == blockID else { return [] }
        model.mode = .editing(EditSession(blockID: blockID, editor: LineEditor(text)))
        model.status = .notice("read again with quick_mode (confidence \(formatConfidence(confidence))): Enter saves it, Esc keeps the block as it was")
        return []

    case .cropFailed(_, let failure):
        model.status = .error("the block could not be read again: \(describe(failure))")
        return []

    case .saved:
        model.status = .notice("saved")
        return []

    case .saveFailed(let blockID, let reason):
        model.status = .error("not saved: \(reason)")
        // The store did not take the edit: show what it holds.
        if let page = model.currentPage, page.blocks.contains(where: { $0.id == blockID }), let job = model.job(for: page.ref) {
            return [.loadPage(job, select: .block(blockID))]
        }
        return []

    case .reverted(let change, let redo):
        model.status = .notice(redo ? "redone" : "undone")
        if var page = model.currentPage, let index = page.blocks.firstIndex(where: { $0.id == change.blockID }) {
            page.blocks[index].corrected = change.text
            page.blocks[index].reviewed = change.reviewed
            model.page = page
            model.selectedBlock = index
            model.focus = .blocks
            refreshCurrentSummary(&model)
            return []
        }
        // Elsewhere: go there, so the person sees what changed.
        guard let file = model.filesOfDocument[change.documentID]?.first else { return [.loadSummaries(threshold: model.threshold)] }
        model.selectedFile = file
        model.files[file].shownPage = change.page
        model.focus = .blocks
        return [.loadSummaries(threshold: model.threshold)] + loadCurrentPage(model, select: .block(change.blockID))

    case .nothingToRevert(let redo):
        model.status = .notice(redo ? "nothing to redo" : "nothing to undo")
        return []

    case .searchFinished(let query, let hits):
        guard case .searchResults(var results) = model.mode, results.query == query else { return [] }
        results.hits = hits
        results.pending = false
        model.mode = .searchResults(results)
        return []

    case .exported(let format, let files, let folder):
        model.status = .notice("exported \(files) \(format) file\(files == 1 ? "" : "s") to \(folder)")
        return []

    case .failed(let reason):
        model.status = .error(reason)
        return []

    case .pictureReady:
        return []

    case .cellResized(let cell):
        model.graphics.cell = cell
        return []
    }
}

/// "AIS.0102 The image format is not supported. (request …)"
func describe(_ failure: PageFailure) -> String {
    "\(failure.code) \(failure.message)" + (failure.requestID.map { " (request \($0))" } ?? "")
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

private func endBatchIfDone(_ model: inout Model) {
    guard let batch = model.batch, batch.finished >= batch.total else { return }
    if batch.total > 0 {
        let failed = batch.failed > 0 ? ", \(batch.failed) failed" : ""
        if model.status?.isError != true || batch.failed == 0 {
            model.status = .notice("recognised \(batch.finished - batch.failed) of \(batch.total) page\(batch.total == 1 ? "" : "s")\(failed)")
        }
    }
    model.batch = nil
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

private func blockIndex(for choice: BlockChoice, in page: LoadedPage, threshold: Double, previous: Int64?) -> Int {
    let blocks = page.blocks
    switch choice {
    case .first: return 0
    case .firstNeedingReview: return blocks.firstIndex { $0.needsReview(threshold: threshold) } ?? 0
    case .lastNeedingReview: return blocks.lastIndex { $0.needsReview(threshold: threshold) } ?? 0
    case .block(let id): return blocks.firstIndex { $0.id == id } ?? 0
    case .index(let index): return max(0, min(index, blocks.count - 1))
    }
}
