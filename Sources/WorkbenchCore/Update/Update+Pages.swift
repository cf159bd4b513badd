// A page loaded from the store, or not.

func pageLoaded(_ model: inout Model, _ page: LoadedPage, select choice: BlockChoice) -> [Effect] {
    guard page.ref == model.currentRef else { return [] }  // the selection moved on meanwhile
    let previous = model.selected?.id
    model.page = page
    model.selectedBlock = blockIndex(for: choice, in: page, threshold: model.threshold, previous: previous)
    refreshCurrentSummary(&model)
    return []
}

func pageLoadFailed(_ model: inout Model, _ ref: PageRef, _ reason: String) -> [Effect] {
    if ref == model.currentRef { model.status = .error(reason) }
    return []
}

func blockIndex(for choice: BlockChoice, in page: LoadedPage, threshold: Double, previous: Int64?) -> Int {
    let blocks = page.blocks
    switch choice {
    case .first: return 0
    case .firstNeedingReview: return blocks.firstIndex { $0.needsReview(threshold: threshold) } ?? 0
    case .lastNeedingReview: return blocks.lastIndex { $0.needsReview(threshold: threshold) } ?? 0
    case .block(let id): return blocks.firstIndex { $0.id == id } ?? 0
    case .index(let index): return max(0, min(index, blocks.count - 1))
    }
}
