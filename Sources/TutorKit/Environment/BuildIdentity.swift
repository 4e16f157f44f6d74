import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What tells one build of backend-tutor from another: the version and the executable file's
/// size and modification time. Caches are keyed by it, so a new build never trusts what an older
/// one stored (it may read content differently).
public struct BuildIdentity: Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(executable: URL?) {
        var text = TutorVersion.current
        var info = stat()
        if let executable, stat(executable.path, &info) == 0 {
            text += "/\(info.st_size)/\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        description = text
    }

    /// A fixed identity, for tests.
    public init(_ description: String) { self.description = description }
}

/// The version `--version` prints.
public enum TutorVersion {
    public static let current = "0.1.0"
}
