import Foundation
import WorkbenchCore

/// SIGHUP (the terminal went away: an ssh connection dropped, a window closed) and
/// SIGTERM become a message, so that the workbench stops the way `q` does: the line
/// being edited kept, the edits asked for written, the terminal given back. Left to
/// themselves they would end the process between an edit and its commit.
public final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    public init(post: @escaping @Sendable (Message) -> Void) {
        sources = [SIGHUP, SIGTERM].map { number in
            signal(number, SIG_IGN)  // the dispatch source hears it instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { post(.stop) }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
