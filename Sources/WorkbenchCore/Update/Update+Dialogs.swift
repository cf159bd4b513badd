import Foundation
import HandwritingAPI

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
        let effects = save(&model, block: block, text: session.editor.text, reviewed: true)
        return effects + jumpToReview(&model, forward: true)
    default:
        if session.editor.handle(key) { model.mode = .editing(session) }
        return []
    }
}

func handleSearchPrompt(_ model: inout Model, _ editor: LineEditor, _ key: Key) -> [Effect] {
    var editor = editor
    switch key {
    case .escape:
        model.mode = .normal
    case .enter:
        let query = editor.text.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else {
            model.mode = .normal
            return []
        }
        model.mode = .searchResults(SearchResults(query: query, hits: []))
        return [.search(query)]
    default:
        if editor.handle(key) { model.mode = .searchPrompt(editor) }
    }
    return []
}

func handleSearchResults(_ model: inout Model, _ results: SearchResults, _ key: Key) -> [Effect] {
    var results = results
    switch key {
    case .escape, .character("q"):
        model.mode = .normal
    case .up, .character("k"):
        results.selected = max(0, results.selected - 1)
        model.mode = .searchResults(results)
    case .down, .character("j"):
        results.selected = min(max(0, results.hits.count - 1), results.selected + 1)
        model.mode = .searchResults(results)
    case .character("/"):
        model.mode = .searchPrompt(LineEditor(results.query))
    case .enter:
        guard results.hits.indices.contains(results.selected) else { return [] }
        let hit = results.hits[results.selected]
        model.mode = .normal
        guard let file = model.filesOfDocument[hit.documentID]?.first else {
            model.status = .notice("\(hit.documentName) is not in this folder")
            return []
        }
        model.selectedFile = file
        model.files[file].shownPage = hit.page
        model.focus = .blocks
        return loadCurrentPage(model, select: .block(hit.blockID))
    default: break
    }
    return []
}

func handleExportDialog(_ model: inout Model, _ dialog: ExportDialog, _ key: Key) -> [Effect] {
    var dialog = dialog
    switch key {
    case .escape:
        model.mode = .normal
        return []
    case .tab, .backTab, .up, .down:
        dialog.row = 1 - dialog.row
    case .enter:
        let folder = dialog.folder.text.trimmingCharacters(in: .whitespaces)
        guard !folder.isEmpty else {
            model.status = .error("choose a folder to export to")
            return []
        }
        model.mode = .normal
        let format = ExportDialog.formats[dialog.format]
        model.status = .notice("exporting \(format)…")
        return [.export(format: format, folder: folder)]
    case .left where dialog.row == 0, .right where dialog.row == 0, .character(" ") where dialog.row == 0:
        let count = ExportDialog.formats.count
        dialog.format = (dialog.format + (key == .left ? count - 1 : 1)) % count
    default:
        guard dialog.row == 1, dialog.folder.handle(key) else { return [] }
    }
    model.mode = .export(dialog)
    return []
}

func handleSettings(_ model: inout Model, _ dialog: SettingsDialog, _ key: Key) -> [Effect] {
    var dialog = dialog
    let forward = key != .left && key != .character("h")
    switch key {
    case .escape, .enter, .character("q"), .character("s"):
        model.mode = .normal
        return []
    case .up, .character("k"):
        dialog.row = max(0, dialog.row - 1)
    case .down, .character("j"), .tab:
        dialog.row = min(SettingsDialog.rows.count - 1, dialog.row + 1)
    case .left, .right, .character(" "), .character("h"), .character("l"):
        model.mode = .settings(dialog)
        return changeSetting(&model, row: dialog.row, forward: forward)
    default: break
    }
    model.mode = .settings(dialog)
    return []
}

private func changeSetting(_ model: inout Model, row: Int, forward: Bool) -> [Effect] {
    func cycle<T: Equatable>(_ values: [T], _ current: T) -> T {
        guard let index = values.firstIndex(of: current) else { return values.first ?? current }
        return values[(index + (forward ? 1 : values.count - 1)) % values.count]
    }
    switch row {
    case 0: model.settings.engine = cycle(model.engines, model.settings.engine)
    case 1: model.settings.options.quickMode.toggle()
    case 2: model.settings.options.charSet = cycle(CharSet.allCases, model.settings.options.charSet)
    case 3: model.settings.options.detectDirection.toggle()
    default:
        let value = ((model.threshold + (forward ? 0.05 : -0.05)) * 100).rounded() / 100
        model.threshold = max(0.05, min(1.0, value))
        refreshCurrentSummary(&model)
        return [.loadSummaries(threshold: model.threshold)]
    }
    return []
}
