/// Where each part of the screen goes at a given size.
public struct Layout: Equatable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var header: Area
    public var files: Area
    public var blocks: Area
    public var preview: Area
    /// The progress bar's row while a batch runs.
    public var progress: Area?
    public var status: Area
    public var keyHelp: Area

    public init(width: Int, height: Int, showsProgress: Bool) {
        let screen = Area(x: 0, y: 0, width: width, height: height)
        let (header, body) = screen.splitTop(1)
        var (middle, footer) = body.splitBottom(2)
        self.header = header
        if showsProgress {
            let split = middle.splitBottom(1)
            middle = split.rest
            progress = split.bottom
        }
        status = footer.splitTop(1).top
        keyHelp = footer.splitTop(1).rest
        let filesWidth = min(48, max(32, width * 34 / 100))
        let previewWidth = min(70, max(18, width * 26 / 100))
        let (files, rest) = middle.splitLeft(filesWidth)
        let (blocks, preview) = rest.splitLeft(rest.width - previewWidth)
        self.files = files
        self.blocks = blocks
        self.preview = preview
    }
}
