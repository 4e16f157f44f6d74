import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What identifies a curriculum's state: its files' paths, sizes and modification times, and,
/// when those differ, a hash of their contents.
public struct ContentFingerprint: Hashable, Sendable {
    /// The files, in the order the folders listed them.
    public var files: [String]
    /// A hash of the paths, sizes and modification times, whatever their order.
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
        let rootPath: String
        var files: [String] = []
        /// Each file's hash of its path, size and modification time, summed and mixed: the
        /// order readdir gives does not matter, so nothing is sorted (sorting 1,000 paths was
        /// 3.6 million instructions of every command at 10,000 lessons).
        var sum: UInt64 = 0
        var mixed: UInt64 = 0

        init(root: URL) { rootPath = root.path }

        func names(in relative: String) -> [String] {
            guard let dir = opendir(rootPath + "/" + relative) else { return [] }
            defer { closedir(dir) }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if !name.hasPrefix(".") { names.append(name) }
            }
            return names
        }

        mutating func add(_ relative: String) {
            // Compared as bytes: String's hasSuffix compares Unicode characters, at a few hundred
            // instructions a call.
            let utf8 = relative.utf8
            guard utf8.reversed().starts(with: "dm.".utf8) || utf8.reversed().starts(with: "lmy.".utf8) else { return }
            var info = stat()
            guard stat(rootPath + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
            // The numbers are hashed as bytes, not written out as text first: at 1,000 files the
            // text took 20 million instructions of every command.
            var hash = Hash64()
            hash.add(relative)
            hash.add(CollectionOfOne(0))
            let numbers = (Int64(info.st_size).littleEndian, Int64(info.st_mtim.tv_sec).littleEndian, Int64(info.st_mtim.tv_nsec).littleEndian)
            withUnsafeBytes(of: numbers) { hash.add($0) }
            sum &+= hash.number
            mixed ^= (hash.number ^ (hash.number >> 29)) &* 0xbf58476d1ce4e5b9
            files.append(relative)
        }

        func fingerprint() -> ContentFingerprint {
            ContentFingerprint(files: files, listing: "\(files.count)-\(String(sum, radix: 16))-\(String(mixed, radix: 16))")
        }
    }

    /// A hash of every file's bytes, in path order.
    public func contentHash(root: URL) -> String {
        var hash = Hash64()
        for file in files.sorted() {
            hash.add(file)
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) { hash.add(data) }
        }
        return hash.hex
    }
}
