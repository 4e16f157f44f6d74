import Foundation

/// What can go wrong with the progress database or a progress file.
public enum StoreError: Error, Equatable, Sendable {
    /// The file or its folder cannot be read or written.
    case io(path: String, reason: String)
    /// The database has a schema this build does not know.
    case newerDatabase(path: String)
    /// A file to import that is not a usable progress export.
    case invalidImport(path: String, reason: String)
    /// A command needs the progress database and none is open.
    case notOpen

    public var message: String {
        switch self {
        case .io(let path, let reason):
            "\(Sanitizer.clean(path)): \(Sanitizer.clean(reason))"
        case .newerDatabase(let path):
            "\(Sanitizer.clean(path)) was written by a newer backend-tutor; upgrade backend-tutor to use it (nothing was changed)"
        case .invalidImport(let path, let reason):
            "\(Sanitizer.clean(path)) is not a backend-tutor progress export: \(Sanitizer.clean(reason)) (nothing was imported)"
        case .notOpen:
            "progress: no progress database is open"
        }
    }
}
