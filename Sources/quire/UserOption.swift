import ArgumentParser
import Foundation

/// `--user NAME`, for commands that edit: the name edits are recorded under, and whose
/// edits undo and redo take back.
struct UserOption: ParsableArguments {
    @Option(help: ArgumentHelp("The name your edits are recorded under (default: $USER).", valueName: "name"))
    var user: String?

    /// `--user`, else `USER`, else `LOGNAME`, else the account's name.
    var name: String {
        let environment = ProcessInfo.processInfo.environment
        for given in [user, environment["USER"], environment["LOGNAME"]] {
            if let given, !given.isEmpty { return given }
        }
        return getpwuid(getuid()).flatMap { String(validatingCString: $0.pointee.pw_name) } ?? "uid \(getuid())"
    }
}
