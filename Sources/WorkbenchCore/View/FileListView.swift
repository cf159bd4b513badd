/// The files of the folder: status, blocks, mean confidence, blocks to review.
struct FileListView {
    let model: Model

    func draw(in area: Area, into buffer: inout CellBuffer) {
        let theme = model.theme
        let focused = model.focus == .files && model.mode == .normal
        drawTitle("Files \(model.files.count)", focused: focused, theme: theme, in: area, into: &buffer)
        let (list, details) = area.splitTop(1).rest.splitBottom(2)
        let (header, rows) = list.splitTop(1)
        let nameWidth = max(6, area.width - 10 - 15)  // status before, three numbers of 5 after
        buffer.put(" status   " + padded("name", nameWidth) + rightAligned("blk", 5) + rightAligned("conf", 5) + rightAligned("rev", 5),
                   x: header.x, y: header.y, style: theme.header, maxWidth: header.width)
        guard !model.files.isEmpty else {
            buffer.put(" no images or documents here", x: rows.x, y: rows.y, style: theme.muted)
            return
        }
        let top = scrollTop(selected: model.selectedFile, count: model.files.count, rows: rows.height)
        for row in 0..<rows.height where top + row < model.files.count {
            let index = top + row
            let file = model.files[index]
            let summary = file.summary
            let hasBlocks = summary.blockCount > 0
            let line = " " + padded(statusLabel(file.status), 8) + " " + padded(file.name, nameWidth)
                + rightAligned(hasBlocks || file.status == .done ? "\(summary.blockCount)" : "", 5)
                + rightAligned(hasBlocks ? formatConfidence(summary.confidenceSum / Double(summary.blockCount)) : "", 5)
                + rightAligned(summary.needingReview > 0 ? "\(summary.needingReview)" : "", 5)
            let selected = index == model.selectedFile
            var style = statusStyle(file.status)
            if selected { style = focused ? theme.selection : theme.reviewed }
            if selected { buffer.fill(Area(x: rows.x, y: rows.y + row, width: rows.width, height: 1), style: style) }
            buffer.put(line, x: rows.x, y: rows.y + row, style: style, maxWidth: rows.width)
        }
        drawDetails(in: details, into: &buffer)
    }

    /// The selected file in full: its name, pages, and why it failed if it did.
    private func drawDetails(in area: Area, into buffer: inout CellBuffer) {
        guard model.files.indices.contains(model.selectedFile), area.height >= 2 else { return }
        let theme = model.theme
        let file = model.files[model.selectedFile]
        buffer.fill(Area(x: area.x, y: area.y, width: area.width, height: 1), with: "─", style: theme.border)
        var line = " \(file.name)"
        if file.pages.count > 1 { line += " · page \(file.shownPage)/\(file.pages.count)" }
        buffer.put(DisplayWidth.truncated(line, to: area.width), x: area.x, y: area.y + 1, style: theme.normal)
        let failure: String? = file.unreadable ?? file.pages.lazy.compactMap { state -> String? in
            if case .failed(let f) = state { describe(f) } else { nil }
        }.first
        if let failure, area.height >= 3 {
            buffer.put(DisplayWidth.truncated(" " + failure, to: area.width), x: area.x, y: area.y + 2, style: theme.error)
        }
    }

    private func statusLabel(_ status: FileEntry.Status) -> String {
        switch status {
        case .scanning: "…"
        case .new: "new"
        case .queued: "queued"
        case .recognising: "reading"
        case .done: "done"
        case .partly: "partly"
        case .failed(let code): code
        case .unreadable: "unread"
        }
    }

    private func statusStyle(_ status: FileEntry.Status) -> Style {
        switch status {
        case .failed, .unreadable: model.theme.bandLow
        case .queued, .recognising: model.theme.progress
        case .scanning, .new: model.theme.muted
        default: model.theme.normal
        }
    }
}

/// Text cut or padded to exactly `width` columns.
func padded(_ text: String, _ width: Int) -> String {
    let cut = DisplayWidth.truncated(CellBuffer.safe(text), to: width)
    return cut + String(repeating: " ", count: max(0, width - DisplayWidth.of(cut)))
}
