/// A file or folder that could not be read or written, outside the progress store and the cache.
public struct FileFailure: Error, Equatable, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var message: String { "\(Sanitizer.clean(path)): \(Sanitizer.clean(reason))" }
}
