import Foundation
import Synchronization
import WorkbenchCore

/// A terminal in memory: keys and resizes are queued by a test from any thread, and
/// each frame the loop draws is kept as a cell buffer to compare as text.
public final class MemoryScreen: TerminalScreen, Sendable {
    private struct State {
        var width: Int
        var height: Int
        var input: [Message] = []
        var frames: [CellBuffer] = []
    }

    private let state: Mutex<State>
    private let wake = WakePipe()

    public init(width: Int, height: Int) {
        state = Mutex(State(width: width, height: height))
    }

    /// Presses keys, as a person would.
    public func press(_ keys: Key...) {
        state.withLock { $0.input += keys.map { .key($0) } }
        wake.poke()
    }

    /// Makes the terminal this size, as a window resized.
    public func resize(width: Int, height: Int) {
        state.withLock { state in
            state.width = width
            state.height = height
            state.input.append(.resized(width: width, height: height))
        }
        wake.poke()
    }

    /// The frames drawn so far, oldest first.
    public var frames: [CellBuffer] { state.withLock { $0.frames } }

    // MARK: TerminalScreen

    public var size: (width: Int, height: Int) { state.withLock { ($0.width, $0.height) } }

    public var inputDescriptor: Int32 { wake.readEnd }

    public func readMessages() -> [Message] {
        wake.drain()
        return state.withLock { state in
            defer { state.input.removeAll() }
            return state.input
        }
    }

    public func draw(_ view: CellBuffer, pictures: (PictureRequest) -> RenderedPicture?, picturesOnly: Bool) {
        state.withLock { $0.frames.append(view) }
    }
}
