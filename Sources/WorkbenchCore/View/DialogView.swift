import TranscriptStore

/// Whatever sits over the panes: the key help, the search prompt and its results,
/// the export and settings dialogs.
struct DialogView {
    let model: Model

    func draw(into buffer: inout CellBuffer) {
        switch model.mode {
        case .normal, .editing: return
        case .help: drawHelp(into: &buffer)
        case .searchPrompt(let editor): drawPrompt("Search the workspace", editor: editor, into: &buffer)
        case .searchResults(let results): drawResults(results, into: &buffer)
        case .export(let dialog): drawExport(dialog, into: &buffer)
        case .settings(let dialog): drawSettings(dialog, into: &buffer)
        case .conflict(let conflict): drawConflict(conflict, into: &buffer)
        case .importOffer(let offer): drawImportOffer(offer, into: &buffer)
        case .importPrompt(let prompt): drawPrompt("Import a transcript of this page", editor: prompt.editor, into: &buffer)
        }
    }

    /// The transcripts found, each with what it would bring; as many as fit.
    private func drawImportOffer(_ offer: ImportOffer, into buffer: inout CellBuffer) {
        let theme = model.theme
        let inside = frame("Transcripts found with the images", width: 76, height: min(offer.found.count, 12) + 6, into: &buffer)
        let importable = offer.found.filter { $0.problem == nil }
        let pages = importable.reduce(0) { $0 + $1.pages }
        buffer.put("\(counted(importable.count, "file")) of other tools' reading: \(counted(pages, "page")) to review here.", x: inside.x,
                   y: inside.y, style: theme.dialog, maxWidth: inside.width)
        let rows = inside.height - 4
        for (row, found) in offer.found.prefix(rows).enumerated() {
            let shown = row == rows - 1 && offer.found.count > rows ? "… and \(offer.found.count - row) more" : found.name
            let what = found.problem.map { "cannot: " + $0 } ?? "\(counted(found.pages, "page")), \(found.engine)"
            buffer.put(padded(shown, 34) + "  " + what, x: inside.x, y: inside.y + 2 + row,
                       style: found.problem == nil ? theme.dialog : theme.error, maxWidth: inside.width)
        }
        buffer.put("y import them (corrected pages keep their reading)   n not now", x: inside.x, y: inside.y + inside.height - 1,
                   style: theme.muted, maxWidth: inside.width)
    }

    private func drawConflict(_ conflict: SaveConflict, into buffer: inout CellBuffer) {
        let inside = frame("Changed meanwhile", width: 72, height: 9, into: &buffer)
        let theme = model.theme
        func shown(_ state: CorrectionState) -> String {
            (state.text ?? conflict.recognised) + (state.text == nil ? "  (as read)" : "") + (state.reviewed ? "  ✓" : "")
        }
        buffer.put("\(conflict.author ?? "Someone") saved this line while you edited it.", x: inside.x, y: inside.y, style: theme.dialog,
                   maxWidth: inside.width)
        buffer.put("theirs  ", x: inside.x, y: inside.y + 2, style: theme.header)
        buffer.put(shown(conflict.theirs), x: inside.x + 8, y: inside.y + 2, style: theme.dialog, maxWidth: inside.width - 8)
        buffer.put("yours   ", x: inside.x, y: inside.y + 3, style: theme.header)
        buffer.put(shown(conflict.mine), x: inside.x + 8, y: inside.y + 3, style: theme.dialog, maxWidth: inside.width - 8)
        buffer.put("k keep yours (theirs stays in the history)   t take theirs   e edit yours again", x: inside.x, y: inside.y + 5,
                   style: theme.muted, maxWidth: inside.width)
    }

    /// A framed box centred on the screen; returns the area inside the frame.
    private func frame(_ title: String, width: Int, height: Int, into buffer: inout CellBuffer) -> Area {
        let theme = model.theme
        let width = min(width, buffer.width - 2), height = min(height, buffer.height - 2)
        let box = Area(x: (buffer.width - width) / 2, y: (buffer.height - height) / 2, width: width, height: height)
        buffer.fill(box, style: theme.dialog)
        buffer.fill(Area(x: box.x, y: box.y, width: box.width, height: 1), with: "─", style: theme.focusedBorder)
        buffer.fill(Area(x: box.x, y: box.y + box.height - 1, width: box.width, height: 1), with: "─", style: theme.focusedBorder)
        buffer.fill(Area(x: box.x, y: box.y, width: 1, height: box.height), with: "│", style: theme.focusedBorder)
        buffer.fill(Area(x: box.x + box.width - 1, y: box.y, width: 1, height: box.height), with: "│", style: theme.focusedBorder)
        for (x, y, c) in [(box.x, box.y, "┌"), (box.x + box.width - 1, box.y, "┐"), (box.x, box.y + box.height - 1, "└"),
                          (box.x + box.width - 1, box.y + box.height - 1, "┘")] {
            buffer.put(c, x: x, y: y, style: theme.focusedBorder)
        }
        buffer.put(" \(title) ", x: box.x + 2, y: box.y, style: theme.focusedTitle, maxWidth: box.width - 4)
        return Area(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
    }

    /// Every key, in one column where the screen is tall enough, else in two (a small
    /// terminal shows every key, its help cut short, rather than lose the last ones).
    private func drawHelp(into buffer: inout CellBuffer) {
        let theme = model.theme
        let editor = [("←→ Home End", "move by character, to the ends"), ("Ctrl-←→ Alt-b/f", "move by word"),
                      ("Ctrl-W Ctrl-U Ctrl-K", "delete word, to start, to end"), ("Enter / Esc", "save and go on / cancel")]
        var rows: [(text: String, style: Style)] = KeyMap.bindings.filter { !$0.label.isEmpty }.map { (padded($0.label, 12) + $0.help, theme.dialog) }
        rows += [("", theme.dialog), ("In the editor", theme.header)] + editor.map { (padded($0.0, 22) + $0.1, theme.dialog) }
        let columns = rows.count + 4 <= buffer.height ? 1 : 2
        let perColumn = (rows.count + columns - 1) / columns
        let inside = frame("Keys", width: columns == 1 ? 76 : buffer.width - 2, height: perColumn + 2, into: &buffer)
        let columnWidth = columns == 1 ? inside.width : (inside.width - 2) / 2
        for (index, row) in rows.enumerated() {
            buffer.put(row.text, x: inside.x + index / perColumn * (columnWidth + 2), y: inside.y + index % perColumn, style: row.style,
                       maxWidth: columnWidth)
        }
    }

    private func drawPrompt(_ title: String, editor: LineEditor, into buffer: inout CellBuffer) {
        let inside = frame(title, width: 60, height: 3, into: &buffer)
        buffer.fill(inside, style: model.theme.editor)
        let shown = editor.window(columns: inside.width)
        buffer.put(shown.text, x: inside.x, y: inside.y, style: model.theme.editor, maxWidth: inside.width)
        buffer.cursor = (inside.x + shown.caretColumn, inside.y)
    }

    private func drawResults(_ results: SearchResults, into buffer: inout CellBuffer) {
        let title = results.pending ? "Searching “\(results.query)”…" : "“\(results.query)”: \(results.hits.count) found"
        let inside = frame(title, width: buffer.width - 8, height: buffer.height - 6, into: &buffer)
        guard !results.hits.isEmpty else {
            if !results.pending { buffer.put("nothing found", x: inside.x, y: inside.y, style: model.theme.muted) }
            return
        }
        let top = scrollTop(selected: results.selected, count: results.hits.count, rows: inside.height)
        for row in 0..<inside.height where top + row < results.hits.count {
            let hit = results.hits[top + row]
            let style = top + row == results.selected ? model.theme.selection : model.theme.dialog
            let place = padded("\(hit.documentName) p.\(hit.page)", 28)
            buffer.fill(Area(x: inside.x, y: inside.y + row, width: inside.width, height: 1), style: style)
            buffer.put(place + "  " + hit.text, x: inside.x, y: inside.y + row, style: style, maxWidth: inside.width)
        }
    }

    private func drawExport(_ dialog: ExportDialog, into buffer: inout CellBuffer) {
        let inside = frame("Export the workspace", width: 64, height: 7, into: &buffer)
        let theme = model.theme
        var x = inside.x + buffer.put("Format  ", x: inside.x, y: inside.y, style: dialog.row == .format ? theme.header : theme.dialog)
        for format in ExportFormat.allCases {
            x += buffer.put(" \(format.rawValue) ", x: x, y: inside.y, style: format == dialog.format ? theme.selection : theme.dialog)
        }
        buffer.put("Folder  ", x: inside.x, y: inside.y + 2, style: dialog.row == .folder ? theme.header : theme.dialog)
        let field = Area(x: inside.x + 8, y: inside.y + 2, width: inside.width - 8, height: 1)
        buffer.fill(field, style: theme.editor)
        let shown = dialog.folder.window(columns: field.width)
        buffer.put(shown.text, x: field.x, y: field.y, style: theme.editor, maxWidth: field.width)
        if dialog.row == .folder { buffer.cursor = (field.x + shown.caretColumn, field.y) }
        let note = dialog.format == .gt ? "relative to the workspace folder; gt: each checked line's image and text"
            : "relative to the workspace folder; PAGE and ALTO: a file per page"
        buffer.put(note, x: inside.x, y: inside.y + 4, style: theme.muted, maxWidth: inside.width)
    }

    private func drawSettings(_ dialog: SettingsDialog, into buffer: inout CellBuffer) {
        let rows = SettingsDialog.Row.allCases
        let inside = frame("Recognition settings", width: 56, height: rows.count + 4, into: &buffer)
        let options = model.settings.options
        func value(_ row: SettingsDialog.Row) -> String {
            switch row {
            case .engine: model.settings.engine
            case .quickMode: options.quickMode ? "on" : "off"
            case .charSet: options.charSet.rawValue
            case .detectDirection: options.detectDirection ? "on" : "off"
            case .threshold: formatConfidence(model.threshold)
            }
        }
        for (y, row) in rows.enumerated() {
            let style = row == dialog.row ? model.theme.selection : model.theme.dialog
            buffer.put(padded(row.label, 20) + "‹ \(value(row)) ›", x: inside.x, y: inside.y + y, style: style, maxWidth: inside.width)
        }
        buffer.put("engines: " + model.engines.joined(separator: ", "), x: inside.x, y: inside.y + rows.count + 1,
                   style: model.theme.muted, maxWidth: inside.width)
    }
}
