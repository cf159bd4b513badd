import HandwritingAPI
@testable import WorkbenchCore

/// A workspace of three files, the first two identified, as the shell would report them.
func workspaceModel(width: Int = 100, height: Int = 30) -> Model {
    var model = Model(workspace: "scans", storePath: ".quire/quire.db",
                      files: [FileEntry(name: "a.png", path: "/w/a.png"), FileEntry(name: "b.tif", path: "/w/b.tif"),
                              FileEntry(name: "c.png", path: "/w/c.png")],
                      settings: RecognitionSettings(engine: "tesseract"), engines: ["tesseract", "cloud"])
    _ = update(&model, .resized(width: width, height: height))
    _ = update(&model, .filesIdentified([FileIdentity(file: 0, documentID: "doc-a", pageCount: 1),
                                         FileIdentity(file: 1, documentID: "doc-b", pageCount: 2)]))
    return model
}

func box(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> [Point] {
    Rect(x0: x, y0: y, x1: x + w, y1: y + h).corners
}

/// Page 1 of a.png: a confident line, a doubtful Chinese one, a doubtful English one.
func pageA() -> LoadedPage {
    LoadedPage(ref: PageRef(file: 0, page: 1), blocks: [
        PageBlock(id: 11, recognised: "Dear Sir,", confidence: 0.95, polygon: box(10, 10, 200, 30)),
        PageBlock(id: 12, recognised: "大江东去浪淘尽", confidence: 0.42, polygon: box(10, 50, 300, 40)),
        PageBlock(id: 13, recognised: "yours faithfuly", confidence: 0.61, polygon: box(10, 100, 250, 30)),
    ], thumbnail: nil)
}

/// The model with page A summarised and loaded, as after recognition.
func loadedModel(width: Int = 100, height: Int = 30) -> Model {
    var model = workspaceModel(width: width, height: height)
    _ = update(&model, .summariesLoaded(["doc-a": [PageSummary(blockCount: 3, confidenceSum: 1.98, needingReview: 2, belowThreshold: 2)],
                                         "doc-b": [nil, PageSummary(blockCount: 1, confidenceSum: 0.3, needingReview: 1, belowThreshold: 1)]],
                                        failures: [:]))
    _ = update(&model, .pageLoaded(pageA(), select: .first))
    return model
}

@discardableResult
func press(_ model: inout Model, _ keys: Key...) -> [Effect] {
    keys.flatMap { update(&model, .key($0)) }
}

func type(_ model: inout Model, _ text: String) {
    for character in text { _ = update(&model, .key(.character(character))) }
}
