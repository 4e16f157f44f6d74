import Foundation

/// The path engines made for one workspace's catalog, by stack, each made once: a REPL answers
/// every command from the catalog it loaded, and making the path again for each command was
/// 1 million instructions a command at 10,000 lessons. A new workspace (new content) starts a
/// new one.
public final class PathEngines: @unchecked Sendable {
    private let lock = NSLock()
    /// A list, not a dictionary: there are one or two, and the first use of a dictionary type
    /// keyed by stacks would cost a one-shot command a search of the binary's conformances.
    private var made: [PathEngine] = []

    public init() {}

    /// How many engines were made.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return made.count
    }

    /// The engine for `path` of `catalog` and `stack`, made on first use. `catalog` must be the
    /// workspace's, whose engines these are.
    func engine(path: LearningPath, catalog: Catalog, stack: Stack?) -> PathEngine {
        lock.lock()
        defer { lock.unlock() }
        if let engine = made.first(where: { $0.stack == stack && $0.path.slug == path.slug }) { return engine }
        let engine = PathEngine(path: path, catalog: catalog, stack: stack)
        made.append(engine)
        return engine
    }
}
