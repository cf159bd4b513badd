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
