import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What identifies a curriculum's state: its files' paths, sizes and modification times, and,
/// when those differ, a hash of their contents.
public struct ContentFingerprint: Hashable, Sendable {
    public var files: [String]
    /// A hash of the paths, sizes and modification times.
    public var listing: String

    /// Each skill's `SKILL.md` and `quiz.yml`, and the Markdown files under `Content/`, as the
    /// content format lays them out. Uses `readdir` and `stat` directly: it runs at every start.
    public static func of(_ root: URL) -> ContentFingerprint {
        var listing = Listing(root: root)
        // A skill folder holds exactly the two files the format defines: stat them, no listing.
        for skill in listing.names(in: "Skills") {
            listing.add("Skills/\(skill)/SKILL.md")
            listing.add("Skills/\(skill)/quiz.yml")
        }
        for child in listing.names(in: "Content") {
            let path = "Content/\(child)"
            let inner = listing.names(in: path)
            if inner.isEmpty { listing.add(path) } else { inner.forEach { listing.add("\(path)/\($0)") } }
        }
        return listing.fingerprint()
    }

    /// The files directly in one folder under `root` (`Content/facts`, say): what a part of the
    /// content read from that folder alone depends on.
    public static func of(_ root: URL, folder: String) -> ContentFingerprint {
        var listing = Listing(root: root)
        for name in listing.names(in: folder) { listing.add("\(folder)/\(name)") }
        return listing.fingerprint()
    }

    private struct Listing {
        let root: URL
        var entries: [(path: String, size: Int64, seconds: Int64, nanoseconds: Int64)] = []

        init(root: URL) { self.root = root }

        func names(in relative: String) -> [String] {
            guard let dir = opendir(root.path + "/" + relative) else { return [] }
            defer { closedir(dir) }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if !name.hasPrefix(".") { names.append(name) }
            }
            return names
        }

        mutating func add(_ relative: String) {
            guard relative.hasSuffix(".md") || relative.hasSuffix(".yml") else { return }
            var info = stat()
            guard stat(root.path + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
            entries.append((relative, Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)))
        }

        func fingerprint() -> ContentFingerprint {
            let sorted = entries.sorted { $0.path < $1.path }
            // The numbers are hashed as bytes, not written out as text first: at 1,000 files the
            // text took 20 million instructions of every command.
            var hash = Hash64()
            for entry in sorted {
                hash.add(entry.path)
                hash.add(CollectionOfOne(0))
                withUnsafeBytes(of: (entry.size.littleEndian, entry.seconds.littleEndian, entry.nanoseconds.littleEndian)) { hash.add($0) }
            }
            return ContentFingerprint(files: sorted.map(\.path), listing: hash.hex)
        }
    }

    /// A hash of every file's bytes, in path order.
    public func contentHash(root: URL) -> String {
        var hash = Hash64()
        for file in files {
            hash.add(file)
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) { hash.add(data) }
        }
        return hash.hex
    }
}
