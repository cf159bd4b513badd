import Foundation
import WorkbenchCore

/// The workbench's run loop, Bubble Tea's shape: wait for a key or a message, `update`,
/// hand the effects to the shell, `view`, draw. It runs on one thread (the one that
/// made the screen) and never waits on the shell: effects return at once and their
/// answers come back through the mailbox.
public final class WorkbenchLoop {
    public private(set) var model: Model
    private let screen: any TerminalScreen
    private let mailbox: Mailbox
    private let perform: (Effect) -> Void
    private let pictures: (PictureRequest) -> RenderedPicture?
    /// The last frame's view: a frame that only brings pictures draws it again.
    private var lastView = CellBuffer(width: 0, height: 0)
    /// Told after each frame (the first with no messages): the messages it shows with
    /// when each arrived, and when the frame was done (nanoseconds of uptime).
    public var frameObserver: ((_ messages: [(Message, UInt64)], _ drawnAt: UInt64) -> Void)?

    public init(model: Model, screen: any TerminalScreen, mailbox: Mailbox, perform: @escaping (Effect) -> Void,
                pictures: @escaping (PictureRequest) -> RenderedPicture? = { _ in nil }) {
        self.model = model
        self.pictures = pictures
        self.screen = screen
        self.mailbox = mailbox
        self.perform = perform
    }

    /// Runs until an effect says quit.
    public func run() {
        let size = screen.size
        handle([(.resized(width: size.width, height: size.height), DispatchTime.now().uptimeNanoseconds)])
        lastView = view(model)
        screen.draw(lastView, pictures: pictures, picturesOnly: false)
        frameObserver?([], DispatchTime.now().uptimeNanoseconds)
        while !model.quitting {
            var fds = [pollfd(fd: screen.inputDescriptor, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: mailbox.wakeRead, events: Int16(POLLIN), revents: 0)]
            // A resize arrives as a signal that may interrupt another thread instead of
            // this one's poll: the timeout makes sure it is noticed soon all the same.
            _ = poll(&fds, 2, 100)
            let now = DispatchTime.now().uptimeNanoseconds
            let keys = screen.readMessages().map { ($0, now) }
            let messages = keys + mailbox.drain()
            guard !messages.isEmpty else { continue }
            handle(messages)
            // A picture that arrived changes no cell of the view: the last one is drawn again with it.
            let picturesOnly = messages.allSatisfy { $0.0 == .pictureReady }
            if !picturesOnly { lastView = view(model) }
            screen.draw(lastView, pictures: pictures, picturesOnly: picturesOnly)
            frameObserver?(messages, DispatchTime.now().uptimeNanoseconds)
        }
    }

    private func handle(_ messages: [(Message, UInt64)]) {
        for (message, _) in messages {
            for effect in update(&model, message) {
                perform(effect)
            }
        }
    }
}
