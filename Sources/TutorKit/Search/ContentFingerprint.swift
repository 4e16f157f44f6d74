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
        /// folder's part is written once (``start(_:_:)``), then each name after it. A fixed
        /// buffer, not an array: an array's appends, removals and uniqueness checks were 500 of
        /// the 890 instructions each file took (0.5 million at 10,000 lessons).
        private let path = UnsafeMutablePointer<UInt8>.allocate(capacity: Int(PATH_MAX))
        private var folder = 0
        private var cPath: UnsafePointer<CChar> { UnsafeRawPointer(path).assumingMemoryBound(to: CChar.self) }

        init(root url: URL) {
            root = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }

        func close() {
            if root >= 0 { Glibc.close(root) }
            path.deallocate()
        }

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
            guard root >= 0, start(relative) else { return names }
            path[folder] = 0
            let descriptor = openat(root, cPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return names }
            guard let dir = fdopendir(descriptor) else {
                Glibc.close(descriptor)
                return names
            }
            defer { closedir(dir) }
            // Each name measured with strnlen and copied as one buffer: stepping through it a byte at
            // a time was 400 instructions a name (0.2 million at 10,000 lessons).
            while let entry = readdir(dir) {
                withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                    let start = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    let length = strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
                    if length > 0, start[0] != UInt8(ascii: ".") {
                        names.bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: length))
                        names.ends.append(names.bytes.count)
                    }
                }
            }
            return names
        }

        /// Makes the two pieces, one after the other, the start of the paths added next; false
        /// when they do not fit in a path.
        @discardableResult
        mutating func start(_ first: [UInt8], _ second: ArraySlice<UInt8> = []) -> Bool {
            folder = 0
            return append(first) && append(second)
        }

        /// Writes `bytes` at `folder` and moves `folder` past them, leaving room for a NUL.
        private mutating func append(_ bytes: some Collection<UInt8>) -> Bool {
            guard folder + bytes.count < Int(PATH_MAX) else {
                folder = Int(PATH_MAX)
                return false
            }
            for byte in bytes {
                path[folder] = byte
                folder += 1
            }
            return true
        }

        /// Adds the file whose path is the start given last followed by `name`, when it is a
        /// Markdown or YAML file.
        mutating func add(_ name: ArraySlice<UInt8>) {
            guard Self.isContent(name), folder + name.count < Int(PATH_MAX) else { return }
            let length = name.withUnsafeBufferPointer { bytes in
                (path + folder).update(from: bytes.baseAddress!, count: bytes.count)
                return folder + bytes.count
            }
            path[length] = 0
            var info = stat()
            guard fstatat(root, cPath, &info, 0) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
            let relative = UnsafeBufferPointer(start: path, count: length)
            // The numbers are hashed as they are, not written out as text first: at 1,000 files
            // the text took 20 million instructions of every command.
            let hash = Self.hash(UnsafeRawBufferPointer(relative), Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec))
            sum &+= hash
            mixed ^= (hash ^ (hash >> 29)) &* 0xbf58476d1ce4e5b9
            paths.append(contentsOf: relative)
            ends.append(paths.count)
        }

        /// A file's hash of its path, size and modification time, eight bytes at a step: FNV-1a's
        /// byte at a step (``Hash64``) was 300 of the 600 instructions each file took.
        static func hash(_ path: UnsafeRawBufferPointer, _ size: Int64, _ seconds: Int64, _ nanoseconds: Int64) -> UInt64 {
            func mix(_ value: UInt64) -> UInt64 {
                let product = value &* 0xbf58476d1ce4e5b9
                return product ^ (product >> 31)
            }
            var hash = mix(0x9e3779b97f4a7c15 ^ UInt64(path.count))
            var offset = 0
            while offset + 8 <= path.count {
                hash = mix(hash ^ path.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var tail: UInt64 = 0, shift: UInt64 = 0
            while offset < path.count {
                tail |= UInt64(path[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = mix(hash ^ tail)
            hash = mix(hash ^ UInt64(bitPattern: size))
            hash = mix(hash ^ UInt64(bitPattern: seconds))
            return mix(hash ^ UInt64(bitPattern: nanoseconds))
        }

        /// Whether a name ends in `.md` or `.yml`.
        private static func isContent(_ name: ArraySlice<UInt8>) -> Bool {
            let count = name.count, end = name.endIndex
            let dot = UInt8(ascii: "."), m = UInt8(ascii: "m")
            if count >= 3, name[end - 3] == dot, name[end - 2] == m, name[end - 1] == UInt8(ascii: "d") { return true }
            return count >= 4 && name[end - 4] == dot && name[end - 3] == UInt8(ascii: "y") && name[end - 2] == m && name[end - 1] == UInt8(ascii: "l")
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
