// Reading pages (a batch, or the selected one) and single blocks again, and what comes back.

func recognitionStarted(_ model: inout Model, _ ref: PageRef, at time: Double) -> [Effect] {
    setPageState(&model, ref, .recognising)
    if model.batch?.startedAt == nil { model.batch?.startedAt = time }
    return []
}

func recognitionFinished(_ model: inout Model, _ ref: PageRef, _ outcome: Result<[Double], PageFailureBox>, at time: Double) -> [Effect] {
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
}

func recognitionCancelled(_ model: inout Model, _ refs: [PageRef]) -> [Effect] {
    for ref in refs { setPageState(&model, ref, .new) }
    model.batch?.total -= refs.count
    endBatchIfDone(&model)
    model.status = .notice("recognition cancelled: \(counted(refs.count, "page")) left as they were")
    return []
}

/// A block read again on its own: its new text opens in the editor, to keep or throw away.
func cropRecognised(_ model: inout Model, blockID: Int64, text: String, confidence: Double) -> [Effect] {
    guard model.selected?.id == blockID else { return [] }
    model.mode = .editing(EditSession(blockID: blockID, editor: LineEditor(text), shown: model.selected?.state))
    model.status = .notice("read again with quick_mode (confidence \(formatConfidence(confidence))): Enter saves it, Esc keeps the block as it was")
    return []
}

func cropFailed(_ model: inout Model, _ failure: PageFailure) -> [Effect] {
    model.status = .error("the block could not be read again: \(describe(failure))")
    return []
}

func endBatchIfDone(_ model: inout Model) {
    guard let batch = model.batch, batch.finished >= batch.total else { return }
    if batch.total > 0 {
        let failed = batch.failed > 0 ? ", \(batch.failed) failed" : ""
        if model.status?.isError != true || batch.failed == 0 {
            model.status = .notice("recognised \(batch.finished - batch.failed) of \(counted(batch.total, "page"))\(failed)")
        }
    }
    model.batch = nil
}

func recogniseCurrent(_ model: inout Model) -> [Effect] {
    guard let ref = model.currentRef, let job = model.job(for: ref) else {
        model.status = .notice("this file has not been read yet")
        return []
    }
    if model.focus != .files, model.settings.options.quickMode, let block = model.selected {
        model.status = .notice("reading the block again with quick_mode…")
        return [.recogniseCrop(job, blockID: block.id, box: block.box, model.settings)]
    }
    return startBatch(&model, [job])
}

func recogniseAll(_ model: inout Model) -> [Effect] {
    var jobs: [PageJob] = []
    var seen: Set<String> = []
    for (index, file) in model.files.enumerated() {
        guard let id = file.documentID, seen.insert(id).inserted else { continue }
        for (pageIndex, state) in file.pages.enumerated() {
            switch state {
            case .new, .failed: jobs.append(PageJob(ref: PageRef(file: index, page: pageIndex + 1), path: file.path, documentID: id))
            default: break
            }
        }
    }
    guard !jobs.isEmpty else {
        model.status = .notice(model.scanning ? "still reading the folder: try again in a moment" : "every page is recognised already")
        return []
    }
    return startBatch(&model, jobs)
}

func startBatch(_ model: inout Model, _ jobs: [PageJob]) -> [Effect] {
    let fresh = jobs.filter { job in
        switch model.files[job.ref.file].pages[job.ref.page - 1] {
        case .queued, .recognising: false
        default: true
        }
    }
    guard !fresh.isEmpty else { return [] }
    for job in fresh { setPageState(&model, job.ref, .queued) }
    if model.batch == nil { model.batch = Batch(total: 0) }
    model.batch?.total += fresh.count
    model.status = .notice("recognising \(counted(fresh.count, "page")) with \(model.settings.engine): c cancels")
    return [.recognise(fresh, model.settings)]
}
