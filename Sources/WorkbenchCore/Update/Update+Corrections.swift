// The correction path: the editor, saving, undo and redo as the store reports them,
// and moving to the next block that needs review.

import TranscriptStore

/// `n` and `N`: the next (or previous) block below the threshold and not yet
/// reviewed, on this page first, then across pages and files, wrapping around once.
func jumpToReview(_ model: inout Model, forward: Bool) -> [Effect] {
    let threshold = model.threshold
    if let page = model.currentPage {
        let here = model.focus == .files ? (forward ? -1 : page.blocks.count) : model.selectedBlock
        let candidates = forward ? Array(page.blocks.indices.filter { $0 > here }) : page.blocks.indices.filter { $0 < here }.reversed()
        if let found = candidates.first(where: { page.blocks[$0].needsReview(threshold: threshold) }) {
            model.selectedBlock = found
            model.focus = .blocks
            return []
        }
    }
    guard let target = nextPageToReview(model, forward: forward) else {
        model.status = .notice("no block below \(formatConfidence(threshold)) left to review")
        return []
    }
    if target == model.currentRef, let page = model.currentPage {
        // Wrapped around to the page we are on: its first (or last) block to review.
        let indices = forward ? Array(page.blocks.indices) : page.blocks.indices.reversed()
        if let found = indices.first(where: { page.blocks[$0].needsReview(threshold: threshold) }) {
            model.selectedBlock = found
            model.focus = .blocks
        }
        return []
    }
    model.selectedFile = target.file
    model.files[target.file].shownPage = target.page
    model.focus = .blocks
    model.zoomed = false
    return loadCurrentPage(model, select: forward ? .firstNeedingReview : .lastNeedingReview)
}

/// The nearest other page with blocks to review, in list order, wrapping around
/// (ending on the current page itself, for blocks earlier on it).
private func nextPageToReview(_ model: Model, forward: Bool) -> PageRef? {
    guard let current = model.currentRef else { return nil }
    var pages: [PageRef] = []
    for (file, entry) in model.files.enumerated() {
        for (index, state) in entry.pages.enumerated() where (state.summary?.needingReview ?? 0) > 0 {
            pages.append(PageRef(file: file, page: index + 1))
        }
    }
    if forward {
        return pages.first { $0 > current } ?? pages.first
    }
    return pages.last { $0 < current } ?? pages.last
}

func startEditing(_ model: inout Model) -> [Effect] {
    guard let block = model.selected else {
        model.status = .notice(model.currentPage == nil ? "no page loaded yet" : "no block here: press r to recognise the page")
        return []
    }
    model.focus = .blocks
    model.mode = .editing(EditSession(blockID: block.id, editor: LineEditor(block.text), shown: block.state))
    return []
}

/// The inline editor: Enter saves and moves on to the next block to review, Esc cancels.
func handleEditorKey(_ model: inout Model, _ session: EditSession, _ key: Key) -> [Effect] {
    var session = session
    switch key {
    case .escape:
        model.mode = .normal
        model.status = .notice("edit cancelled")
        return []
    case .enter:
        model.mode = .normal
        guard let block = model.currentPage?.blocks.first(where: { $0.id == session.blockID }) else {
            model.status = .error("the block is no longer on screen: nothing saved")
            return []
        }
        let effects = save(&model, block: block, text: session.editor.text, reviewed: true, expecting: session.shown)
        return effects + jumpToReview(&model, forward: true)
    default:
        if session.editor.handle(key) { model.mode = .editing(session) }
        return []
    }
}

/// Records a block's new text and reviewed mark: shown at once, saved by the shell if
/// the store still holds what was shown (`expecting`).
func save(_ model: inout Model, block: PageBlock, text: String?, reviewed: Bool, expecting: CorrectionState?) -> [Effect] {
    guard var page = model.currentPage, let index = page.blocks.firstIndex(where: { $0.id == block.id }) else { return [] }
    let correction = text == block.recognised ? nil : text
    page.blocks[index].corrected = correction
    page.blocks[index].reviewed = reviewed
    model.page = page
    refreshCurrentSummary(&model)
    return [.save(blockID: block.id, text: correction, reviewed: reviewed, expecting: expecting)]
}

/// Asked to stop from outside: a line being edited is saved as it stands but not marked
/// reviewed (it stays among the lines to review, and undo takes it back), then the
/// workbench quits. What was typed is not lost with the connection.
func stopped(_ model: inout Model) -> [Effect] {
    var effects: [Effect] = []
    if case .editing(let session) = model.mode, let block = model.currentPage?.blocks.first(where: { $0.id == session.blockID }),
       session.editor.text != block.text {
        effects = save(&model, block: block, text: session.editor.text, reviewed: false, expecting: session.shown)
    }
    model.mode = .normal
    model.quitting = true
    return effects + [.quit]
}

func saved(_ model: inout Model) -> [Effect] {
    model.status = .notice("saved")
    return []
}

func saveFailed(_ model: inout Model, blockID: Int64, reason: String) -> [Effect] {
    model.status = .error("not saved: \(reason)")
    // The store did not take the edit: show what it holds.
    if let page = model.currentPage, page.blocks.contains(where: { $0.id == blockID }), let job = model.job(for: page.ref) {
        return [.loadPage(job, select: .block(blockID))]
    }
    return []
}

/// An undo or redo done in the store: shown where it happened.
func reverted(_ model: inout Model, _ change: BlockChange, redo: Bool) -> [Effect] {
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
}

func nothingToRevert(_ model: inout Model, redo: Bool) -> [Effect] {
    model.status = .notice(redo ? "nothing to redo" : "nothing to undo")
    return []
}
