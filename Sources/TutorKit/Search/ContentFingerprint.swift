import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What identifies a curriculum's state: its files' paths, sizes and modification times, and,
/// when those differ, a hash of their contents.
public struct ContentFingerprint: Hashable, Sendable {
    /// The files' paths, one after the other, and where each ends: their Strings are made only
    /// when asked for, which only a changed listing does (1,000 Strings made at every start were
    /// 0.4 million instructions at 10,000 lessons).
    private var paths: [UInt8]
    private var ends: [Int]
    /// A hash of the paths, sizes and modification times, whatever their order.
    public var listing: String

    /// The files, in the order the folders listed them.
    public var files: [String] {
        zip([0] + ends.dropLast(), ends).map { String(decoding: paths[$0..<$1], as: UTF8.self) }
    }

    /// Each skill's `SKILL.md` and `quiz.yml`, and the Markdown files under `Content/`, as the
    /// content format lays them out. Uses `readdir` and `fstatat` on bytes directly: it runs at
    /// every start, and at 10,000 lessons visits 1,000 files.
    public static func of(_ root: URL) -> ContentFingerprint {
        var listing = Listing(root: root)
        defer { listing.close() }
        // A skill folder holds exactly the two files the format defines: stat them, no listing.
        let skills: [UInt8] = Array("Skills/".utf8), skill: [UInt8] = Array("/SKILL.md".utf8), quiz: [UInt8] = Array("/quiz.yml".utf8)
        let skillFolders = listing.names(in: Array("Skills".utf8))
        for index in 0..<skillFolders.count {
            listing.start(skills, skillFolders[index])
            listing.add(skill[...])
            listing.add(quiz[...])
        }
        let content: [UInt8] = Array("Content/".utf8)
        let children = listing.names(in: Array("Content".utf8))
        for index in 0..<children.count {
            let child = children[index]
            let path = content + child
            let inner = listing.names(in: path)
            if inner.count == 0 {
                listing.start(content)
                listing.add(child)
            } else {
                listing.start(path, [UInt8(ascii: "/")])
                for index in 0..<inner.count { listing.add(inner[index]) }
            }
        }
        return listing.fingerprint()
    }

    /// The files directly in one folder under `root` (`Content/facts`, say): what a part of the
    /// content read from that folder alone depends on.
    public static func of(_ root: URL, folder: String) -> ContentFingerprint {
        var listing = Listing(root: root)
        defer { listing.close() }
        let path = Array(folder.utf8)
        let names = listing.names(in: path)
        listing.start(path, [UInt8(ascii: "/")])
        for index in 0..<names.count { listing.add(names[index]) }
        return listing.fingerprint()
    }

    /// Paths are handled as bytes relative to the root's open folder: building each one as a
    /// String, prefixing the root and hashing it through String's views took 6,600 instructions
    /// a file (6.7 million of `progress` at 10,000 lessons).
    private struct Listing {
        let root: Int32
        var paths: [UInt8] = []
        var ends: [Int] = []
        /// Each file's hash of its path, size and modification time, summed and mixed: the
        /// order readdir gives does not matter, so nothing is sorted (sorting 1,000 paths was
        /// 3.6 million instructions of every command at 10,000 lessons).
        var sum: UInt64 = 0
        var mixed: UInt64 = 0
        /// The path being looked at, NUL-terminated, in one buffer used again for each one: a
        /// folder's part is written once (``start(_:_:)``), then each name after it.
        private var path: [UInt8] = []
        private var folder = 0

        init(root url: URL) {
            root = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            path.reserveCapacity(256)
        }

        func close() { if root >= 0 { Glibc.close(root) } }

        /// Names listed in a folder, one after another in one buffer: an array for each name, made
        /// and freed, was 0.3 million instructions at 10,000 lessons.
        struct Names {
            fileprivate var bytes: [UInt8] = []
            fileprivate var ends: [Int] = []
            var count: Int { ends.count }
            subscript(index: Int) -> ArraySlice<UInt8> { bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]] }
        }

        /// The names in a folder, leaving out those that start with a dot; none when it is not a folder.
        mutating func names(in relative: [UInt8]) -> Names {
            var names = Names()
            guard root >= 0 else { return names }
            start(relative)
            let root = root
            let folder = withPath { openat(root, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            guard folder >= 0 else { return names }
            guard let dir = fdopendir(folder) else {
                Glibc.close(folder)
                return names
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    let name = raw.prefix { $0 != 0 }
                    if let first = name.first, first != UInt8(ascii: ".") {
                        names.bytes.append(contentsOf: name)
                        names.ends.append(names.bytes.count)
                    }
                }
            }
            return names
        }

        /// Makes the two pieces, one after the other, the start of the paths added next.
        mutating func start(_ first: [UInt8], _ second: ArraySlice<UInt8> = []) {
            path.removeAll(keepingCapacity: true)
            path.append(contentsOf: first)
            path.append(contentsOf: second)
            folder = path.count
        }

        /// Adds the file whose path is the start given last followed by `name`, when it is a
        /// Markdown or YAML file.
        mutating func add(_ name: ArraySlice<UInt8>) {
            guard name.reversed().starts(with: Self.markdown.reversed()) || name.reversed().starts(with: Self.yaml.reversed()) else { return }
            path.removeSubrange(folder...)
            path.append(contentsOf: name)
            var info = stat()
            let root = root
            guard withPath({ fstatat(root, $0, &info, 0) }) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
            path.withUnsafeBufferPointer { bytes in
                let relative = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
                // The numbers are hashed as bytes, not written out as text first: at 1,000 files the
                // text took 20 million instructions of every command.
                var hash = Hash64()
                hash.add(relative)
                hash.add(CollectionOfOne(0))
                let numbers = (Int64(info.st_size).littleEndian, Int64(info.st_mtim.tv_sec).littleEndian, Int64(info.st_mtim.tv_nsec).littleEndian)
                withUnsafeBytes(of: numbers) { hash.add($0) }
                sum &+= hash.number
                mixed ^= (hash.number ^ (hash.number >> 29)) &* 0xbf58476d1ce4e5b9
                paths.append(contentsOf: relative)
            }
            ends.append(paths.count)
        }

        private static let markdown: [UInt8] = Array(".md".utf8), yaml: [UInt8] = Array(".yml".utf8)

        /// `body` given the path as a C string. The path holds its NUL afterwards, until the next
        /// ``start(_:_:)`` or ``add(_:)``.
        private mutating func withPath<T>(_ body: (UnsafePointer<CChar>) -> T) -> T {
            path.append(0)
            return path.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
            }
        }

        func fingerprint() -> ContentFingerprint {
            ContentFingerprint(paths: paths, ends: ends, listing: "\(ends.count)-\(String(sum, radix: 16))-\(String(mixed, radix: 16))")
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
