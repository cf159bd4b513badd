import HandwritingAPI

/// The blocks of the current page: reviewed mark, confidence, text coloured by band,
/// and the box on the page; the selected block in full below, or the editor on it.
struct BlockListView {
    let model: Model

    func draw(in area: Area, into buffer: inout CellBuffer) {
        let theme = model.theme
        let focused = model.focus == .blocks
        let inner = drawRule(in: area, focused: focused, theme: theme, into: &buffer)
        drawTitle(title, focused: focused, theme: theme, in: inner, into: &buffer)
        let parts = BlocksPaneLayout(body: inner.splitTop(1).rest, mode: model.graphics.mode)
        let list = parts.list
        guard let page = model.currentPage else {
            buffer.put(model.files.isEmpty ? "" : " loading…", x: list.x, y: list.y, style: theme.muted)
            return
        }
        guard !page.blocks.isEmpty else {
            let state = model.files[page.ref.file].pages[page.ref.page - 1]
            let text: String = switch state {
            case .queued: " queued for recognition"
            case .recognising: " recognising…"
            case .failed(let failure): " " + describe(failure)
            case .done: " no text found on this page"
            case .new: " not recognised yet: r reads this page, R every page"
            }
            buffer.put(text, x: list.x, y: list.y, style: theme.muted, maxWidth: list.width)
            return
        }
        let showCoordinates = list.width >= 56
        let visible = model.visibleBlocks
        let position = visible.firstIndex(of: model.selectedBlock) ?? 0
        let top = scrollTop(selected: position, count: visible.count, rows: list.height)
        for row in 0..<list.height where top + row < visible.count {
            let index = visible[top + row]
            drawRow(page.blocks[index], selected: index == model.selectedBlock, focused: focused,
                    coordinates: showCoordinates, in: Area(x: list.x, y: list.y + row, width: list.width, height: 1), into: &buffer)
        }
        drawSelected(parts, into: &buffer)
    }

    private var title: String {
        guard model.files.indices.contains(model.selectedFile) else { return "Blocks" }
        let file = model.files[model.selectedFile]
        let pageCount = max(1, file.pages.count)
        let count = model.currentPage.map { " · " + counted($0.blocks.count, "block") } ?? ""
        return "\(DisplayWidth.truncated(file.name, to: 24)) p.\(file.shownPage)/\(pageCount)\(count)"
    }

    private func drawRow(_ block: PageBlock, selected: Bool, focused: Bool, coordinates: Bool, in area: Area,
                         into buffer: inout CellBuffer) {
        let theme = model.theme
        let mark = block.reviewed ? "✓" : block.needsReview(threshold: model.threshold) ? "!" : " "
        let corrected = block.corrected != nil && !model.showRecognised
        let text = model.showRecognised ? block.recognised : block.text
        var prefix = " \(mark) \(formatConfidence(block.confidence)) " + (corrected ? "✎" : " ")
        if coordinates {
            let box = block.box
            prefix += padded("\(box.x0),\(box.y0) \(box.width)×\(box.height)", 16)
        }
        let rowStyle = selected ? (focused ? theme.selection : theme.reviewed) : theme.normal
        if selected { buffer.fill(area, style: rowStyle) }
        let used = buffer.put(prefix, x: area.x, y: area.y, style: rowStyle, maxWidth: area.width)
        var textStyle = theme.style(forConfidence: block.confidence)
        if corrected { textStyle = theme.reviewed }
        if selected { textStyle = rowStyle }
        buffer.put(text, x: area.x + used, y: area.y, style: textStyle, maxWidth: area.width - used)
    }

    private func drawEditor(_ editor: LineEditor, in area: Area, into buffer: inout CellBuffer) {
        let label = " ✎ "
        let used = buffer.put(label, x: area.x, y: area.y, style: model.theme.focusedTitle)
        let field = Area(x: area.x + used, y: area.y, width: area.width - used, height: 1)
        buffer.fill(field, style: model.theme.editor)
        let shown = editor.window(columns: field.width)
        buffer.put(shown.text, x: field.x, y: field.y, style: model.theme.editor, maxWidth: field.width)
        buffer.cursor = (field.x + shown.caretColumn, field.y)
    }

    /// The selected block under the list: a rule naming it, its handwriting in the
    /// strip, its text (or the editor on it) right below, and the other reading or its polygon.
    private func drawSelected(_ parts: BlocksPaneLayout, into buffer: inout CellBuffer) {
        guard let block = model.selected else { return }
        let theme = model.theme
        let count = model.currentPage?.blocks.count ?? 0
        let state = block.reviewed ? "reviewed" : block.needsReview(threshold: model.threshold) ? "needs review" : "not reviewed"
        let strip = model.lineStrip
        let pans = (strip?.lastStep ?? 0) > 0 ? " · < > pans" : ""
        drawTitle("block \(model.selectedBlock + 1)/\(count) · \(formatConfidence(block.confidence)) · \(state)\(pans)",
                  focused: false, theme: theme, in: parts.heading, into: &buffer)
        if let strip, let page = model.currentPage, let job = model.job(for: page.ref), parts.strip.height > 0 {
            buffer.pictures.append(PictureSlot(area: parts.strip, request: PictureRequest(
                kind: .line, documentID: job.documentID, path: job.path, page: job.ref.page, region: strip.region,
                columns: parts.strip.width, rows: parts.strip.height, graphics: model.graphics)))
        }
        if case .editing(let session) = model.mode, session.blockID == block.id {
            drawEditor(session.editor, in: parts.text, into: &buffer)
        } else {
            let text = model.showRecognised ? block.recognised : block.text
            buffer.put("   " + text, x: parts.text.x, y: parts.text.y, style: theme.normal, maxWidth: parts.text.width)
        }
        let last: String
        if block.corrected != nil {
            last = model.showRecognised ? " corrected: " + block.text : " recognised: " + block.recognised
        } else {
            last = " polygon " + block.polygon.map { "(\($0.x),\($0.y))" }.joined(separator: " ")
        }
        buffer.put(DisplayWidth.truncated(CellBuffer.safe(last), to: parts.details.width), x: parts.details.x, y: parts.details.y,
                   style: theme.muted)
    }
}
