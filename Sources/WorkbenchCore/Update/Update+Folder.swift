/// A new listing of the folder: files not seen before join the end of the list (so
/// that every index a page or a job holds stays right) and are read in the background;
/// files gone from the folder say so.
func foldInListing(_ model: inout Model, _ listed: [FileEntry]) -> [Effect] {
    let present = Set(listed.map(\.path))
    for index in model.files.indices where !present.contains(model.files[index].path) && model.files[index].unreadable == nil {
        model.files[index].unreadable = "\(model.files[index].name): no longer in the folder"
    }
    let known = Set(model.files.map(\.path))
    let added = listed.filter { !known.contains($0.path) }
    guard !added.isEmpty else { return [] }
    let first = model.files.count
    model.files += added
    model.scanning = true
    model.status = .notice("\(counted(added.count, "new file")) in the folder")
    return [.identify(added, from: first)]
}

/// Files read and registered: their documents and page counts; the selected one's page is loaded.
func filesIdentified(_ model: inout Model, _ identities: [FileIdentity]) -> [Effect] {
    var effects: [Effect] = []
    for identity in identities where model.files.indices.contains(identity.file) {
        model.files[identity.file].documentID = identity.documentID
        model.files[identity.file].pages = Array(repeating: .new, count: max(1, identity.pageCount))
        model.filesOfDocument[identity.documentID, default: []].append(identity.file)
        if identity.file == model.selectedFile { effects += loadCurrentPage(model, select: .first) }
    }
    return effects
}

func fileUnreadable(_ model: inout Model, _ file: Int, _ reason: String) -> [Effect] {
    guard model.files.indices.contains(file) else { return [] }
    model.files[file].unreadable = reason
    return []
}

func scanFinished(_ model: inout Model) -> [Effect] {
    model.scanning = false
    let images = model.files.filter { $0.documentID != nil && $0.unreadable == nil }.map(\.path)
    return [.loadSummaries(threshold: model.threshold), .findTranscripts(images: images)]
}

/// Every page's counts from the store; pages a batch is reading keep their state.
func summariesLoaded(_ model: inout Model, _ summaries: [String: [PageSummary?]], failures: [String: [Int: PageFailure]]) -> [Effect] {
    for (documentID, files) in model.filesOfDocument {
        for file in files {
            for index in model.files[file].pages.indices {
                switch model.files[file].pages[index] {
                case .queued, .recognising: continue  // a batch's news is newer
                default: break
                }
                if let summary = summaries[documentID].flatMap({ $0.indices.contains(index) ? $0[index] : nil }) {
                    model.files[file].pages[index] = .done(summary)
                } else if let failure = failures[documentID]?[index + 1] {
                    model.files[file].pages[index] = .failed(failure)
                } else {
                    model.files[file].pages[index] = .new
                }
            }
        }
    }
    refreshCurrentSummary(&model)
    return []
}
