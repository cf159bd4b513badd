import ArgumentParser
import Foundation
import TranscriptStore

struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Correct blocks in the store, or undo and redo edits, from the command line or a script.",
        discussion: """
            Blocks are named by the #id quire search shows. With --batch, each line is BLOCK<TAB>TEXT, or \\
            BLOCK<TAB>TEXT<TAB>reviewed; "ok edit N block B" is printed once each edit is committed, so \\
            whatever was acknowledged survives a crash.
            """
    )

    @Argument(help: "The block's id.")
    var block: Int64?

    @Argument(help: "Its corrected text.")
    var text: String?

    @Flag(help: "Mark the block reviewed.")
    var reviewed = false

    @Option(help: ArgumentHelp("Corrections from a file, or - for standard input.", valueName: "file"))
    var batch: String?

    @Flag(help: "Undo your latest edit.")
    var undo = false

    @Flag(help: "Redo the edit you undid last.")
    var redo = false

    @OptionGroup var store: StoreOption

    @OptionGroup var user: UserOption

    func validate() throws {
        let modes = [block != nil, batch != nil, undo, redo].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give a block and its text, or --batch, --undo or --redo") }
        if block != nil, text == nil, !reviewed { throw ValidationError("give the block's corrected text, or --reviewed") }
    }

    func run() throws {
        let transcripts = try store.open()
        let author = user.name
        if undo || redo {
            guard let edit = try undo ? transcripts.undo(by: author) : transcripts.redo(by: author) else {
                TerminalOutput.note("nothing of \(author)'s to \(undo ? "undo" : "redo")")
                throw ExitCode(1)
            }
            acknowledge(edit)
            return
        }
        if let block {
            acknowledge(try transcripts.correct(blockID: block, text: text, reviewed: reviewed, by: author))
            return
        }
        let input = batch == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: batch ?? "")
        guard let input else { throw ValidationError("cannot read \(batch ?? "")") }
        var failed = false
        var number = 0
        try LineReader(input).forEach { line in
            number += 1
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2, let id = Int64(fields[0]) else {
                TerminalOutput.note("line \(number): expected BLOCK<TAB>TEXT")
                failed = true
                return
            }
            do {
                acknowledge(try transcripts.correct(blockID: id, text: fields[1], reviewed: fields.count == 3 && fields[2] == "reviewed",
                                                   by: author))
            } catch {
                TerminalOutput.note("line \(number): block \(id): \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func acknowledge(_ edit: EditRecord) {
        TerminalOutput.out("ok edit \(edit.id ?? 0) block \(edit.blockId)")
    }
}

/// Lines of a file or pipe as they arrive, so a stream is handled edit by edit.
struct LineReader {
    let handle: FileHandle
    init(_ handle: FileHandle) { self.handle = handle }

    func forEach(_ body: (String) throws -> Void) throws {
        var pending = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                try body(line.hasSuffix("\r") ? String(line.dropLast()) : line)
            }
        }
        if !pending.isEmpty { try body(String(decoding: pending, as: UTF8.self)) }
    }
}
