/// Draws the whole screen for a model: pure, so tests compare its text.
public func view(_ model: Model) -> CellBuffer {
    var buffer = CellBuffer(width: model.width, height: model.height)
    guard model.width >= Layout.minimumWidth, model.height >= Layout.minimumHeight else {
        drawTooSmall(model, into: &buffer)
        return buffer
    }
    let layout = Layout(width: model.width, height: model.height, showsProgress: model.batch != nil)
    let theme = model.theme
    buffer.fill(buffer.area, style: theme.normal)
    drawHeader(model, in: layout.header, into: &buffer)
    FileListView(model: model).draw(in: layout.files, into: &buffer)
    BlockListView(model: model).draw(in: layout.blocks, into: &buffer)
    PreviewView(model: model).draw(in: layout.preview, into: &buffer)
    if let progress = layout.progress, let batch = model.batch { drawProgress(batch, theme: theme, in: progress, into: &buffer) }
    drawStatus(model, in: layout.status, into: &buffer)
    drawKeyHelp(model, in: layout.keyHelp, into: &buffer)
    DialogView(model: model).draw(into: &buffer)
    // A dialog sits over the panes: pictures, which would cover it, wait until it closes.
    if model.mode != .normal, !model.isEditing { buffer.pictures = [] }
    return buffer
}

private func drawTooSmall(_ model: Model, into buffer: inout CellBuffer) {
    let lines = [
        "Quire needs a terminal of at least \(Layout.minimumWidth)x\(Layout.minimumHeight);",
        "this one is \(model.width)x\(model.height).",
        "Make the window larger, or press q to quit.",
    ]
    let top = max(0, (model.height - lines.count) / 2)
    for (offset, line) in lines.enumerated() {
        let wrapped = DisplayWidth.truncated(line, to: model.width)
        buffer.put(wrapped, x: max(0, (model.width - DisplayWidth.of(wrapped)) / 2), y: top + offset, style: model.theme.title)
    }
}

private func drawHeader(_ model: Model, in area: Area, into buffer: inout CellBuffer) {
    let theme = model.theme
    buffer.fill(area, style: theme.status)
    let summary = model.files.reduce(into: (done: 0, review: 0)) { total, file in
        if file.status == .done { total.done += 1 }
        total.review += file.summary.needingReview
    }
    let scanning = model.scanning ? " · reading the folder…" : ""
    let left = " Quire  \(model.workspace)  ·  \(counted(model.files.count, "file")), \(summary.done) done, \(summary.review) to review\(scanning)"
    let right = "store \(model.storePath) "
    let used = buffer.put(DisplayWidth.truncated(left, to: area.width), x: area.x, y: area.y, style: theme.status)
    let room = area.width - used - 2
    if room > 12 {
        let shown = DisplayWidth.truncated(right, to: room)
        buffer.put(shown, x: area.x + area.width - DisplayWidth.of(shown), y: area.y, style: theme.status)
    }
}

private func drawProgress(_ batch: Batch, theme: Theme, in area: Area, into buffer: inout CellBuffer) {
    let rate = batch.rate.map { " · " + String(format1: $0) + " pages/s" } ?? ""
    let failed = batch.failed > 0 ? " · \(batch.failed) failed" : ""
    let label = " \(batch.cancelling ? "Cancelling" : "Recognising") \(batch.finished)/\(batch.total)\(rate)\(failed) · c cancels "
    let barWidth = max(10, area.width - DisplayWidth.of(label) - 2)
    let filled = batch.total > 0 ? barWidth * batch.finished / batch.total : 0
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
    let used = buffer.put(" " + bar, x: area.x, y: area.y, style: theme.progress)
    buffer.put(label, x: area.x + used, y: area.y, style: theme.progress)
}

private func drawStatus(_ model: Model, in area: Area, into buffer: inout CellBuffer) {
    let theme = model.theme
    let options = model.settings.options
    let settings = " \(model.settings.engine) · quick \(options.quickMode ? "on" : "off") · \(options.charSet.rawValue)"
        + " · direction \(options.detectDirection ? "on" : "off") · review <\(formatConfidence(model.threshold))"
        + " · \(model.graphics.mode.rawValue)"
        + (model.reviewFilter ? " · filtered" : "") + " "
    buffer.fill(area, style: theme.normal)
    let settingsWidth = DisplayWidth.of(settings)
    if let message = model.status {
        let room = area.width - (area.width >= settingsWidth + 20 ? settingsWidth : 0)
        buffer.put(DisplayWidth.truncated(" " + message.text, to: room), x: area.x, y: area.y,
                   style: message.isError ? theme.error : theme.normal)
    }
    if model.status == nil || area.width >= settingsWidth + 20 {
        let shown = DisplayWidth.truncated(settings, to: area.width)
        buffer.put(shown, x: area.x + area.width - DisplayWidth.of(shown), y: area.y, style: theme.muted)
    }
}

private func drawKeyHelp(_ model: Model, in area: Area, into buffer: inout CellBuffer) {
    let help: String
    switch model.mode {
    case .editing: help = " Enter save & next · Esc cancel · Ctrl-←→ word · Home/End · Ctrl-W/U/K delete"
    case .searchPrompt: help = " Enter search · Esc cancel"
    case .searchResults: help = " ↑↓ choose · Enter go there · / new search · Esc close"
    case .export: help = " Tab field · ←→ format · Enter export · Esc cancel"
    case .settings: help = " ↑↓ choose · ←→ Space change · Enter/Esc close"
    case .help: help = " any key closes the help"
    case .conflict: help = " k keep yours · t take theirs · e edit yours again"
    case .importOffer: help = " y import them · n not now (I imports one for the page on screen)"
    case .importPrompt: help = " Enter import · Esc cancel · PAGE XML, ALTO or hOCR, its path from the workspace folder"
    case .normal:
        help = model.focus == .files
            ? " Enter open · n/N review · r/R recognise · / search · e export · s settings · ? · q quit"
            : " Enter edit · n/N review · Space reviewed · u/^R undo/redo · r/R read · ? · q quit"
    }
    buffer.put(DisplayWidth.truncated(help, to: area.width), x: area.x, y: area.y, style: model.theme.keyHelp)
}

extension String {
    /// One decimal, without Foundation's formatting.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

/// A pane's title row; the focused pane's stands out.
func drawTitle(_ title: String, focused: Bool, theme: Theme, in area: Area, into buffer: inout CellBuffer) {
    let row = Area(x: area.x, y: area.y, width: area.width, height: 1)
    buffer.fill(row, with: "─", style: focused ? theme.focusedBorder : theme.border)
    buffer.put(DisplayWidth.truncated(" " + title + " ", to: area.width - 1), x: area.x + 1, y: area.y,
               style: focused ? theme.focusedTitle : theme.title)
}

/// The vertical rule on a pane's left edge; returns the area right of it.
func drawRule(in area: Area, focused: Bool, theme: Theme, into buffer: inout CellBuffer) -> Area {
    buffer.fill(Area(x: area.x, y: area.y, width: 1, height: area.height), with: "│", style: focused ? theme.focusedBorder : theme.border)
    return Area(x: area.x + 1, y: area.y, width: area.width - 1, height: area.height)
}

/// The first row of a list `rows` tall that keeps `selected` in view, centred when it can.
func scrollTop(selected: Int, count: Int, rows: Int) -> Int {
    guard count > rows else { return 0 }
    return max(0, min(selected - rows / 2, count - rows))
}

/// Text padded with spaces on the left to `width` columns.
func rightAligned(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
}
