/// What another process changed in a store.
public enum StoreChange: Equatable, Sendable {
    /// A block's correction: edited, undone or redone (by `author`, where known).
    case correction(blockID: Int64, documentID: String, page: Int, author: String?)
    /// A page read again: it has a new current reading.
    case reading(documentID: String, page: Int)
    /// Changes may have been missed (the connection was lost and is back): look again at everything.
    case everything
}

/// A watch on a store's changes; it listens until stopped.
public protocol StoreWatch: AnyObject, Sendable {
    func stop()
}
