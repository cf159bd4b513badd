import WorkbenchCore

/// What the run loop needs of a terminal: its size, a descriptor to wait on, the keys
/// that came, and a frame drawn. `CursesScreen` is the real one; `MemoryScreen` keeps
/// frames in memory for tests (ratatui's TestBackend).
public protocol TerminalScreen: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Readable when input is waiting.
    var inputDescriptor: Int32 { get }
    /// Every key waiting, and a resize if there was one.
    func readMessages() -> [Message]
    /// Draws the view, with the pictures it asks for; `picturesOnly`: no cell changed.
    func draw(_ view: CellBuffer, pictures: (PictureRequest) -> RenderedPicture?, picturesOnly: Bool)
}

extension CursesScreen: TerminalScreen {}
