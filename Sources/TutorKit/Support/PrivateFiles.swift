import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The learner's files: folders only they can enter (0700), files only they can read (0600),
/// whatever the umask, and never written through a symbolic link someone else placed.
public enum PrivateFiles {
    /// Creates `directory` and any missing parents with mode 0700; an existing one is left as it is.
    public static func createDirectory(_ directory: URL) throws {
        var missing: [URL] = []
        var current = directory.standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        for folder in missing.reversed() {
            if mkdir(folder.path, 0o700) != 0, errno != EEXIST {
                throw FileFailure(path: folder.path, reason: "cannot create the folder (\(String(cString: strerror(errno))))")
            }
            chmod(folder.path, 0o700)
        }
    }

    /// Whether `path` is a symbolic link.
    public static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Creates `path` with mode 0600 when it does not exist; refuses a symbolic link.
    public static func createFile(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) != S_IFLNK else {
                throw FileFailure(path: path, reason: "is a symbolic link; backend-tutor writes its files only where they are, never through a link")
            }
            return
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0, errno == EEXIST { return }
        guard fd >= 0 else { throw FileFailure(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))") }
        close(fd)
    }
}

/// An advisory lock on a file beside the one it guards, held while a body runs: processes that
/// build the same cache take turns instead of trampling each other.
public enum FileLock {
    /// Runs `body` holding the lock at `path`, waiting for it at most `timeout` seconds.
    public static func withLock<T>(at path: String, timeout: TimeInterval = 10, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileFailure(path: path, reason: "cannot be opened as a lock (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                throw FileFailure(path: path, reason: "another backend-tutor held it for more than \(Int(timeout)) seconds")
            }
            usleep(20_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
