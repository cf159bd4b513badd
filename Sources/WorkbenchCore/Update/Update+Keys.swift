/// A key, handled by whatever has the keyboard: a dialog, the editor, or the panes.
func handleKey(_ model: inout Model, _ key: Key) -> [Effect] {
    switch model.mode {
    case .normal: return handlePaneKey(&model, key)
    case .editing(let session): return handleEditorKey(&model, session, key)
    case .searchPrompt(let editor): return handleSearchPrompt(&model, editor, key)
    case .searchResults(let results): return handleSearchResults(&model, results, key)
    case .export(let dialog): return handleExportDialog(&model, dialog, key)
    case .settings(let dialog): return handleSettings(&model, dialog, key)
    case .help:
        model.mode = .normal
        return key == .character("q") ? [.quit] : []
    case .conflict(let conflict): return handleConflictKey(&model, conflict, key)
    case .importOffer(let offer): return handleImportOffer(&model, offer, key)
    case .importPrompt(let prompt): return handleImportPrompt(&model, prompt, key)
    }
}

/// Keys of the panes; the key map (`KeyMap.swift`) lists them for the help screen.
private func handlePaneKey(_ model: inout Model, _ key: Key) -> [Effect] {
    guard let action = KeyMap.action(for: key) else { return [] }
    if model.width < Layout.minimumWidth || model.height < Layout.minimumHeight, action != .quit { return [] }
    switch action {
    case .quit:
        model.quitting = true
        return [.quit]
    case .help:
        model.mode = .help
    case .nextPane, .previousPane:
        let panes = Pane.allCases
        let step = action == .nextPane ? 1 : panes.count - 1
        model.focus = panes[(panes.firstIndex(of: model.focus)! + step) % panes.count]
    case .up: return move(&model, by: -1)
    case .down: return move(&model, by: 1)
    case .pageUp: return move(&model, by: -model.listRows)
    case .pageDown: return move(&model, by: model.listRows)
    case .top: return move(&model, by: -Int.max / 2)
    case .bottom: return move(&model, by: Int.max / 2)
    case .left:
        if model.focus != .files { model.focus = .files }
    case .open:
        if model.focus == .files {
            model.focus = .blocks
            guard model.currentPage != nil else { return loadCurrentPage(model, select: .first) }
            model.selectedBlock = 0
        } else if key == .enter {
            return startEditing(&model)
        } else if model.focus == .blocks {
            model.focus = .preview
        }
    case .edit:
        return startEditing(&model)
    case .previousPage, .nextPage:
        return turnPage(&model, by: action == .nextPage ? 1 : -1)
    case .nextToReview: return jumpToReview(&model, forward: true)
    case .previousToReview: return jumpToReview(&model, forward: false)
    case .recognise: return recogniseCurrent(&model)
    case .recogniseAll: return recogniseAll(&model)
    case .cancel:
        if model.batch != nil {
            model.batch?.cancelling = true
            model.status = .notice("cancelling: pages being read finish, the rest stay as they were")
            return [.cancelRecognition]
        }
        model.status = nil
    case .undo: return [.undo]
    case .redo: return [.redo]
    case .toggleReviewed:
        guard let block = model.selected else { return [] }
        return save(&model, block: block, text: block.corrected, reviewed: !block.reviewed, expecting: block.state)
    case .search: model.mode = .searchPrompt(LineEditor())
    case .export: model.mode = .export(ExportDialog())
    case .importTranscript: return openImportPrompt(&model)
    case .settings: model.mode = .settings(SettingsDialog())
    case .filter:
        model.reviewFilter.toggle()
        model.status = .notice(model.reviewFilter ? "showing only blocks that need review" : "showing every block")
    case .original:
        model.showRecognised.toggle()
        model.status = .notice(model.showRecognised ? "showing the recognised text" : "showing the corrected text")
    case .panLeft, .panRight:
        guard let block = model.selected, let strip = model.lineStrip, strip.lastStep > 0 else { return [] }
        let step = model.stripPan.flatMap { $0.blockID == block.id ? $0.step : nil } ?? 0
        model.stripPan = StripPan(blockID: block.id, step: max(0, min(strip.lastStep, step + (action == .panRight ? 1 : -1))))
    case .rescan:
        return [.listFolder]
    case .zoom:
        model.zoomed.toggle()
    case .raiseThreshold: return changeThreshold(&model, by: 0.05)
    case .lowerThreshold: return changeThreshold(&model, by: -0.05)
    }
    return []
}

/// Moves the selection of the focused pane (the preview moves the block selection too).
private func move(_ model: inout Model, by step: Int) -> [Effect] {
    switch model.focus {
    case .files:
        guard !model.files.isEmpty else { return [] }
        let target = max(0, min(model.files.count - 1, model.selectedFile + step))
        guard target != model.selectedFile else { return [] }
        model.selectedFile = target
        model.selectedBlock = 0
        model.zoomed = false
        return loadCurrentPage(model, select: .first)
    case .blocks, .preview:
        let visible = model.visibleBlocks
        guard !visible.isEmpty else { return [] }
        let position = visible.firstIndex(of: model.selectedBlock) ?? 0
        model.selectedBlock = visible[max(0, min(visible.count - 1, position + step))]
        return []
    }
}

private func turnPage(_ model: inout Model, by step: Int) -> [Effect] {
    guard model.files.indices.contains(model.selectedFile) else { return [] }
    let file = model.files[model.selectedFile]
    let target = file.shownPage + step
    guard target >= 1, target <= file.pages.count else {
        model.status = .notice("\(counted(file.pages.count, "page")) in this file")
        return []
    }
    model.files[model.selectedFile].shownPage = target
    model.selectedBlock = 0
    return loadCurrentPage(model, select: .first)
}

private func changeThreshold(_ model: inout Model, by step: Double) -> [Effect] {
    let value = ((model.threshold + step) * 100).rounded() / 100
    model.threshold = max(0.05, min(1.0, value))
    model.status = .notice("review threshold \(formatConfidence(model.threshold))")
    refreshCurrentSummary(&model)
    return [.loadSummaries(threshold: model.threshold)]
}
