import Foundation
import HandwritingAPI
import Leptonica
import Synchronization
import TranscriptStore
import Transcription
import WorkbenchCore

/// Carries out the workbench's effects against the world (the folder, the store, the
/// engines) away from the interface's thread, and posts what came of them as messages.
public final class WorkbenchShell: Sendable {
    public let folder: URL
    private let store: any TranscriptStore
    private let settingsFile: SettingsFile
    /// Whose edits these are: they are recorded under this name, and undo and redo take back only theirs.
    private let author: String?
    private let post: @Sendable (Message) -> Void
    private let images: PageSource
    /// The page and the selected line as the terminal shows them.
    public let pictures: Pictures
    private let recognition: RecognitionQueue
    /// A shared store's queue, which `R` fills instead (nil for a store file).
    private let shared: SharedQueue?
    private let engines: Engines
    private let clock = Clock()
    /// Edits, undos and redos, one after another in the order they were made.
    private let edits = DispatchQueue(label: "quire.workbench.edits")
    /// Imports, one after another, beside the edits: a long one delays no save, and quitting
    /// does not wait for it (each file is one transaction: imported whole, or not at all).
    private let imports = DispatchQueue(label: "quire.workbench.imports")
    /// Only the newest page asked for is loaded: scrolling past a thousand files loads one.
    private let pageRequest = Mutex<(request: (PageJob, BlockChoice)?, loading: Bool)>((nil, false))
    private let thumbnails = Mutex<[(key: String, thumbnail: Thumbnail?)]>([])
    /// Others' changes to a shared store, heard as they are committed.
    private let watch: (any StoreWatch)?
    private let transcripts: TranscriptImports

    public init(folder: URL, store: any TranscriptStore, engines: Engines, workers: Int, author: String? = nil,
                post: @escaping @Sendable (Message) -> Void) {
        self.folder = folder
        self.store = store
        images = PageSource(store: store)
        transcripts = TranscriptImports(folder: folder, store: store)
        settingsFile = SettingsFile(in: store.location.localFolder(workspace: folder))
        self.author = author
        self.engines = engines
        self.post = post
        pictures = Pictures(images: images, post: post)
        recognition = RecognitionQueue(workers: workers, store: store, images: images, engines: engines, clock: clock, post: post)
        let clock = clock
        let shared = (store as? any WorkQueue).map { SharedQueue(queue: $0, clock: clock, post: post) }
        self.shared = shared
        let gathered = GatheredChanges(post: post)
        watch = store.watch { change in
            shared?.heard(change)
            gathered.add(change)
        }
    }

    deinit { watch?.stop() }

    /// Starts reading the folder's files in the background; the first is the list's file `from`.
    public func identify(_ files: [FileEntry], from first: Int = 0) {
        let store = store, post = post
        Task.detached(priority: .utility) { WorkspaceFolder.identify(files, from: first, store: store, post: post) }
    }

    /// Waits for the edits, undos and settings already asked for to reach the disk: the
    /// workbench calls it when it quits, so that a correction or a setting changed just
    /// before `q` is kept.
    public func finishEdits() {
        edits.sync {}
    }

    /// Never blocks: every effect runs elsewhere.
    public func perform(_ effect: Effect) {
        switch effect {
        case .quit: return
        case .loadSummaries(let threshold): background { try self.loadSummaries(threshold: threshold) }
        case .listFolder: background { self.post(.folderListed(try WorkspaceFolder.files(in: self.folder, store: self.store))) }
        case .identify(let files, let first): identify(files, from: first)
        case .loadPage(let job, let choice): requestPage(job, choice)
        case .recognise(let jobs, let settings):
            if let shared { background { shared.enqueue(jobs) } } else { recognition.enqueue(jobs, settings: settings) }
        case .cancelRecognition:
            if let shared { background { shared.cancel() } } else { recognition.cancel() }
        case .recogniseCrop(let job, let blockID, let box, let settings):
            Task.detached { await self.recogniseCrop(job, blockID: blockID, box: box, settings: settings) }
        case .save(let blockID, let text, let reviewed, let expecting):
            edits.async {
                do {
                    try self.store.correct(blockID: blockID, text: text, reviewed: reviewed, by: self.author, expecting: expecting)
                    self.post(.saved(blockID: blockID))
                } catch let conflict as EditConflict {
                    self.post(.saveConflict(SaveConflict(blockID: blockID, mine: CorrectionState(text: text, reviewed: reviewed),
                                                         theirs: conflict.now, author: conflict.author, recognised: conflict.recognised)))
                } catch {
                    self.post(.saveFailed(blockID: blockID, reason: "\(error)"))
                }
            }
        case .undo: edits.async { self.revert(redo: false) }
        case .redo: edits.async { self.revert(redo: true) }
        case .search(let query):
            background {
                let hits = try self.store.search(query).map {
                    SearchResult(documentID: $0.documentId, documentName: $0.documentName, page: $0.page, blockID: $0.blockId, text: $0.text)
                }
                self.post(.searchFinished(query: query, hits: hits))
            }
        case .export(let format, let folder): background { try self.export(format: format, to: folder) }
        case .findTranscripts(let images): background { self.post(.transcriptsFound(self.transcripts.find(images: images))) }
        case .importTranscripts(let jobs): imports.async { self.post(.transcriptsImported(self.transcripts.run(jobs))) }
        case .remember(let settings):
            edits.async {
                do { try self.settingsFile.save(settings) } catch {
                    self.post(.failed("the settings could not be saved for next time: \(error.localizedDescription)"))
                }
            }
        }
    }

    private func background(_ work: @escaping @Sendable () throws -> Void) {
        Task.detached {
            do { try work() } catch { self.post(.failed("\(error)")) }
        }
    }

    private func loadSummaries(threshold: Double) throws {
        let counts = try store.pageCounts(threshold: threshold)
        var summaries: [String: [PageSummary?]] = [:]
        for (document, pages) in counts {
            let last = pages.keys.max() ?? 0
            summaries[document] = (1...max(1, last)).map { number in
                pages[number].map {
                    PageSummary(blockCount: $0.blocks, confidenceSum: $0.confidenceSum, needingReview: $0.needingReview,
                                belowThreshold: $0.belowThreshold)
                }
            }
        }
        var failures: [String: [Int: PageFailure]] = [:]
        for run in try store.latestFailures() {
            failures[run.documentId, default: [:]][run.pageNumber] = PageFailure(code: run.errorCode ?? "?", message: run.errorMessage ?? "",
                                                                                  requestID: run.requestId)
        }
        post(.summariesLoaded(summaries, failures: failures))
    }

    // MARK: Pages

    private func requestPage(_ job: PageJob, _ choice: BlockChoice) {
        let start = pageRequest.withLock { state -> Bool in
            state.request = (job, choice)
            defer { state.loading = true }
            return !state.loading
        }
        guard start else { return }
        Task.detached {
            while let (job, choice) = self.pageRequest.withLock({ state -> (PageJob, BlockChoice)? in
                defer { state.request = nil }
                if state.request == nil { state.loading = false }
                return state.request
            }) {
                self.loadPage(job, choice)
            }
        }
    }

    private func loadPage(_ job: PageJob, _ choice: BlockChoice) {
        do {
            let blocks = try store.currentBlocks(of: job.documentID, page: job.ref.page).compactMap { review -> PageBlock? in
                guard let id = review.block.id else { return nil }
                return PageBlock(id: id, recognised: review.block.text, corrected: review.correction?.text,
                                 reviewed: review.reviewed, confidence: review.block.confidence, polygon: review.block.points)
            }
            post(.pageLoaded(LoadedPage(ref: job.ref, blocks: blocks, thumbnail: thumbnail(job)), select: choice))
        } catch {
            post(.pageLoadFailed(job.ref, reason: "the page could not be loaded: \(error)"))
        }
    }

    private func thumbnail(_ job: PageJob) -> Thumbnail? {
        let key = "\(job.documentID)/\(job.ref.page)"
        if let known = thumbnails.withLock({ $0.first { $0.key == key } }) { return known.thumbnail }
        let made: Thumbnail?
        if case .success(let data) = images.page(job.ref.page, of: job.path, document: job.documentID) {
            made = Thumbnails.make(from: data)
        } else {
            made = nil
        }
        thumbnails.withLock { list in
            list.insert((key, made), at: 0)
            if list.count > 32 { list.removeLast() }
        }
        return made
    }

    // MARK: Recognising one block

    private func recogniseCrop(_ job: PageJob, blockID: Int64, box: Rect, settings: RecognitionSettings) async {
        func fail(_ error: ServiceError) { post(.cropFailed(blockID: blockID, failure(error))) }
        guard case .success(let data) = images.page(job.ref.page, of: job.path, document: job.documentID), let page = Image(decoding: data) else {
            return fail(ServiceError.poorImage.explained("the page image could not be read"))
        }
        let margin = max(4, box.height / 6)
        guard let crop = page.cropped(x: max(0, box.x0 - margin), y: max(0, box.y0 - margin),
                                      width: box.width + 2 * margin, height: box.height + 2 * margin)?.pngData() else {
            return fail(ServiceError.poorImage.explained("the block's box is outside the page"))
        }
        var options = settings.options
        options.quickMode = true
        do {
            let result = try await engines.recognizer(settings.engine).recognize(RecognitionInput(source: .bytes(crop), options: options))
            let text = result.blocks.map(\.words).joined(separator: " ")
            let confidence = result.blocks.isEmpty ? 0 : result.blocks.map(\.confidence).reduce(0, +) / Double(result.blocks.count)
            post(.cropRecognised(blockID: blockID, text: text, confidence: confidence))
        } catch {
            fail(ServiceError.from(error))
        }
    }

    // MARK: Edits

    private func revert(redo: Bool) {
        do {
            guard let edit = try (redo ? store.redo(by: author) : store.undo(by: author)) else { return post(.nothingToRevert(redo: redo)) }
            guard let place = try store.location(ofBlock: edit.blockId) else { return post(.failed("the edited block is gone")) }
            post(.reverted(BlockChange(blockID: edit.blockId, documentID: place.documentID, page: place.page,
                                       text: redo ? edit.afterText : edit.beforeText,
                                       reviewed: redo ? edit.afterReviewed : edit.beforeReviewed), redo: redo))
        } catch {
            post(.failed("\(redo ? "redo" : "undo") failed: \(error)"))
        }
    }

    private func export(format: ExportFormat, to path: String) throws {
        let destination = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        let (written, skipped) = try TranscriptExport.write(try store.exportDocuments(), as: format, to: destination)
        post(.exported(format: format, files: written.count, folder: destination.standardizedFileURL.path, skipped: skipped))
    }
}

/// A contract error as the workbench shows it.
func failure(_ error: ServiceError) -> PageFailure {
    PageFailure(code: error.code, message: error.message + (error.detail.map { ": " + $0 } ?? ""), requestID: error.requestID)
}

/// Changes heard over a moment are posted together: a worker reading page after page
/// makes the screen count again once, not once a page.
private final class GatheredChanges: Sendable {
    private let post: @Sendable (Message) -> Void
    private let pending = Mutex<(changes: [StoreChange], posting: Bool)>(([], false))

    init(post: @escaping @Sendable (Message) -> Void) { self.post = post }

    func add(_ change: StoreChange) {
        let first = pending.withLock { pending in
            pending.changes.append(change)
            defer { pending.posting = true }
            return !pending.posting
        }
        guard first else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            let changes = self.pending.withLock { pending in
                defer { pending = ([], false) }
                return pending.changes
            }
            self.post(.storeChanged(changes))
        }
    }
}

