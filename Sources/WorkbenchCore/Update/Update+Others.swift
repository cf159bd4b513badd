import TranscriptStore

// Others at work on a shared store: their corrections and readings arrive as they are
// committed, and the screen shows them without a key press.

/// The file list's counts are loaded again; the page on screen is too when the change
/// was on it (an open editor keeps its text: a save checks what it meets).
func storeChanged(_ model: inout Model, _ changes: [StoreChange]) -> [Effect] {
    var effects: [Effect] = [.loadSummaries(threshold: model.threshold)]
    guard let page = model.currentPage, let job = model.job(for: page.ref) else { return effects }
    let here = changes.filter { change in
        switch change {
        case .everything: true
        case .correction(_, let document, let number, _), .reading(let document, let number):
            document == job.documentID && number == job.ref.page
        }
    }
    guard !here.isEmpty else { return effects }
    let authors = Set(here.compactMap { change -> String? in
        if case .correction(_, _, _, let author) = change { return author ?? "someone" }
        return nil
    }).sorted()
    if here.contains(where: { if case .reading = $0 { true } else { false } }) {
        model.status = .notice("this page was read again elsewhere")
    } else if !authors.isEmpty {
        model.status = .notice("\(authors.joined(separator: ", ")) changed this page")
    }
    effects.append(.loadPage(job, select: model.selected.map { .block($0.id) } ?? .first))
    return effects
}

/// Someone saved the line while it was being edited here: nothing was saved, and the
/// person chooses. Their text is on screen meanwhile (the page is loaded again).
func saveConflict(_ model: inout Model, _ conflict: SaveConflict) -> [Effect] {
    model.mode = .conflict(conflict)
    model.status = .notice("\(conflict.author ?? "someone") changed this line meanwhile: nothing was saved yet")
    guard let page = model.currentPage, page.blocks.contains(where: { $0.id == conflict.blockID }), let job = model.job(for: page.ref) else {
        return []
    }
    return [.loadPage(job, select: .block(conflict.blockID))]
}

/// `k` keeps mine (saved over theirs, which stays in the history), `t` takes theirs,
/// `e` edits mine again with theirs as what the next save expects.
func handleConflictKey(_ model: inout Model, _ conflict: SaveConflict, _ key: Key) -> [Effect] {
    switch key {
    case .character("k"):
        model.mode = .normal
        if var page = model.currentPage, let index = page.blocks.firstIndex(where: { $0.id == conflict.blockID }) {
            page.blocks[index].corrected = conflict.mine.text
            page.blocks[index].reviewed = conflict.mine.reviewed
            model.page = page
            refreshCurrentSummary(&model)
        }
        return [.save(blockID: conflict.blockID, text: conflict.mine.text, reviewed: conflict.mine.reviewed, expecting: conflict.theirs)]
    case .character("t"), .escape:
        model.mode = .normal
        model.status = .notice("kept \(conflict.author ?? "their") version; yours was not saved")
        return []
    case .character("e"):
        guard model.selected?.id == conflict.blockID else {
            model.status = .error("the line is no longer on screen: k keeps yours, t takes theirs")
            return []
        }
        model.mode = .editing(EditSession(blockID: conflict.blockID, editor: LineEditor(conflict.mine.text ?? conflict.recognised),
                                          shown: conflict.theirs))
        return []
    default:
        return []
    }
}
