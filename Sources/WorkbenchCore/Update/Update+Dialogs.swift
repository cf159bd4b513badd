import Foundation
import HandwritingAPI
import TranscriptStore

func handleSearchPrompt(_ model: inout Model, _ editor: LineEditor, _ key: Key) -> [Effect] {
    var editor = editor
    switch editor.prompt(key) {
    case .cancelled: model.mode = .normal
    case .editing: model.mode = .searchPrompt(editor)
    case .given(let query):
        model.mode = .searchResults(SearchResults(query: query, hits: []))
        return [.search(query)]
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
        dialog.row = dialog.row == .format ? .folder : .format
    case .enter:
        let folder = dialog.folder.text.trimmingCharacters(in: .whitespaces)
        guard !folder.isEmpty else {
            model.status = .error("choose a folder to export to")
            return []
        }
        model.mode = .normal
        model.status = .notice("exporting \(dialog.format.rawValue)…")
        return [.export(format: dialog.format, folder: folder)]
    case .left where dialog.row == .format, .right where dialog.row == .format, .character(" ") where dialog.row == .format:
        dialog.format = cycle(ExportFormat.allCases, dialog.format, forward: key != .left)
    default:
        guard dialog.row == .folder, dialog.folder.handle(key) else { return [] }
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
        dialog.row = step(SettingsDialog.Row.allCases, dialog.row, by: -1)
    case .down, .character("j"), .tab:
        dialog.row = step(SettingsDialog.Row.allCases, dialog.row, by: 1)
    case .left, .right, .character(" "), .character("h"), .character("l"):
        model.mode = .settings(dialog)
        return changeSetting(&model, row: dialog.row, forward: forward)
    default: break
    }
    model.mode = .settings(dialog)
    return []
}

private func changeSetting(_ model: inout Model, row: SettingsDialog.Row, forward: Bool) -> [Effect] {
    switch row {
    case .engine: model.settings.engine = cycle(model.engines, model.settings.engine, forward: forward)
    case .quickMode: model.settings.options.quickMode.toggle()
    case .charSet: model.settings.options.charSet = cycle(CharSet.allCases, model.settings.options.charSet, forward: forward)
    case .detectDirection: model.settings.options.detectDirection.toggle()
    case .threshold:
        let value = ((model.threshold + (forward ? 0.05 : -0.05)) * 100).rounded() / 100
        model.threshold = max(0.05, min(1.0, value))
        refreshCurrentSummary(&model)
        return [.loadSummaries(threshold: model.threshold)]
    }
    return []
}

/// The value after (or before) `current`, round the end; the first when `current` is not there.
private func cycle<T: Equatable>(_ values: [T], _ current: T, forward: Bool) -> T {
    guard let index = values.firstIndex(of: current) else { return values.first ?? current }
    return values[(index + (forward ? 1 : values.count - 1)) % values.count]
}

/// The value `offset` places on from `current`, stopping at the ends.
private func step<T: Equatable>(_ values: [T], _ current: T, by offset: Int) -> T {
    guard let index = values.firstIndex(of: current) else { return current }
    return values[max(0, min(values.count - 1, index + offset))]
}

func searchFinished(_ model: inout Model, query: String, hits: [SearchResult]) -> [Effect] {
    guard case .searchResults(var results) = model.mode, results.query == query else { return [] }
    results.hits = hits
    results.pending = false
    model.mode = .searchResults(results)
    return []
}

func exported(_ model: inout Model, _ format: ExportFormat, files: Int, folder: String, skipped: [String]) -> [Effect] {
    let left = skipped.first.map { "; \(skipped.count) left out (\($0)\(skipped.count > 1 ? ", …" : ""))" } ?? ""
    model.status = .notice("exported \(files) \(format.rawValue) file\(files == 1 ? "" : "s") to \(folder)" + left)
    return []
}
