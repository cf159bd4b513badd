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
    model.status = .notice("\(added.count) new file\(added.count == 1 ? "" : "s") in the folder")
    return [.identify(added, from: first)]
}
